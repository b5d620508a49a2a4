package org.fer4j.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.fer4j.core.FaceImage;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The one image decoder of fer4j: still images for {@code fer analyze} ({@link FrameSources}), 48x48 faces for
 * {@code fer classify} and image folders for {@code fer data convert} all decode here, so a file gives the same pixels
 * whichever command reads it.
 *
 * <p>Java reads the bytes (so any path the JVM can open works, whatever its characters) and OpenCV decodes them from
 * memory ({@code imdecode}), the decoder the detectors were tuned with. Around it, explicit checks that OpenCV does not
 * make:
 * <ul>
 *   <li>JPEG and PNG are walked marker by marker / chunk by chunk first: a file that ends before its end-of-image
 *       marker or {@code IEND} chunk is refused as truncated (libjpeg would fill the missing part with gray and say so only
 *       on the console), and the size in the header is checked against {@link #MAX_PIXELS} before any pixel memory is
 *       taken;</li>
 *   <li>EXIF orientation is honoured (OpenCV applies it for JPEG);</li>
 *   <li>transparency (RGBA, gray+alpha, palette or gray with a {@code tRNS} chunk) is composited onto white, as a viewer
 *       shows it on a page, so gray+alpha with opaque pixels gives exactly the plain gray image;</li>
 *   <li>16-bit samples are scaled to 8 bits; CMYK / YCCK JPEG is converted to color by libjpeg and OpenCV (Adobe's
 *       inverted CMYK convention, which is what Photoshop and most tools write);</li>
 *   <li>every failure is a {@link VisionException} naming the file.</li>
 * </ul>
 * Other formats OpenCV reads (BMP, WebP, TIFF) are decoded without the structural checks; their size limit is
 * OpenCV's own, reported through the same exception.
 */
public final class ImageDecoder {
    /** Largest image accepted, in pixels (width x height): 100 megapixels, about 300 MB decoded as BGR. */
    public static final long MAX_PIXELS = 100_000_000L;
    /** Largest image file accepted, in bytes (512 MiB). */
    public static final long MAX_FILE_BYTES = 512L << 20;

    private ImageDecoder() {
    }

    /**
     * Decodes an image to 8-bit BGR.
     *
     * @param file a JPEG, PNG, BMP, WebP or TIFF file
     * @return a new 8-bit, 3-channel BGR matrix; release it
     * @throws VisionException naming the file when it is missing, unreadable, truncated, too large or not decodable
     */
    public static Mat readBgr(Path file) {
        OpenCvRuntime.load();
        byte[] bytes = readBytes(file);
        Header h = Header.parse(bytes, file.toString());
        if (h.width > 0 && h.height > 0 && (long) h.width * h.height > MAX_PIXELS) {
            throw new VisionException(file.toString(), String.format(Locale.ROOT,
                    "image of %d x %d pixels is larger than the %,d-pixel limit; scale it down first", h.width, h.height, MAX_PIXELS));
        }
        MatOfByte buf = new MatOfByte(bytes);
        Mat decoded = null;
        try {
            // IMREAD_COLOR applies the EXIF orientation and drops alpha; IMREAD_UNCHANGED keeps alpha (to composite it)
            // but not the orientation, which PNG rarely carries
            decoded = Imgcodecs.imdecode(buf, h.alpha ? Imgcodecs.IMREAD_UNCHANGED : Imgcodecs.IMREAD_COLOR);
            if (decoded.empty()) {
                throw new VisionException(file.toString(), h.width == 0 ? "not a decodable image (OpenCV could not read it)"
                        : "not a decodable image (OpenCV could not decode its " + h.format + " data)");
            }
            Mat bgr = toBgr8(decoded);
            if (bgr != decoded) {
                decoded.release();
            }
            return bgr;
        } catch (CvException e) {
            if (decoded != null) {
                decoded.release();
            }
            throw new VisionException(file.toString(), "cannot decode image: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            if (decoded != null) {
                decoded.release();
            }
            throw e;
        } finally {
            buf.release();
        }
    }

    /**
     * Decodes a 48x48 face image to gray, as a frame's face crop is turned to gray (BGR to gray, OpenCV's weights).
     *
     * @param file a 48x48 image
     * @return the face
     * @throws VisionException naming the file when it cannot be decoded or is not 48x48
     */
    public static FaceImage readFace(Path file) {
        Mat bgr = readBgr(file);
        Mat gray = new Mat();
        try {
            if (bgr.cols() != FaceImage.SIZE || bgr.rows() != FaceImage.SIZE) {
                throw new VisionException(file.toString(), "expected a 48x48 face, found " + bgr.cols() + "x" + bgr.rows());
            }
            Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
            byte[] px = new byte[FaceImage.PIXELS];
            gray.get(0, 0, px);
            return FaceImage.wrap(px);
        } finally {
            gray.release();
            bgr.release();
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new VisionException(file.toString(), "is a folder, not an image file");
            }
            long size = Files.size(file);
            if (size == 0) {
                throw new VisionException(file.toString(), "empty file (0 bytes)");
            }
            if (size > MAX_FILE_BYTES) {
                throw new VisionException(file.toString(), String.format(Locale.ROOT, "image file of %,d bytes is larger than the %,d-byte limit",
                        size, MAX_FILE_BYTES));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new VisionException(file.toString(), "file not found", e);
        } catch (IOException e) {
            throw new VisionException(file.toString(), "cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()), e);
        }
    }

    /** 8-bit BGR from whatever imdecode returned: depth scaled, gray expanded, alpha composited onto white. */
    private static Mat toBgr8(Mat m) {
        Mat src = m;
        if (m.depth() != CvType.CV_8U) {
            src = new Mat();
            double scale = m.depth() == CvType.CV_16U ? 1 / 257.0 : m.depth() == CvType.CV_32F ? 255.0 : 1.0;
            m.convertTo(src, CvType.CV_8U, scale);
        }
        int ch = src.channels();
        if (ch == 3) {
            return src;
        }
        Mat out = new Mat();
        if (ch == 1) {
            Imgproc.cvtColor(src, out, Imgproc.COLOR_GRAY2BGR);
        } else if (ch == 4 || ch == 2) {
            compositeOnWhite(src, out);
        } else {
            out.release();
            throw new IllegalStateException("unexpected channel count " + ch);
        }
        if (src != m) {
            src.release();
        }
        return out;
    }

    /** out = color * alpha + white * (1 - alpha), rounded, for BGRA or gray+alpha input. */
    private static void compositeOnWhite(Mat src, Mat out) {
        int ch = src.channels();
        int w = src.cols();
        int h = src.rows();
        byte[] in = new byte[w * ch];
        byte[] row = new byte[w * 3];
        out.create(h, w, CvType.CV_8UC3);
        for (int y = 0; y < h; y++) {
            src.get(y, 0, in);
            for (int x = 0; x < w; x++) {
                int a = in[x * ch + ch - 1] & 0xFF;
                for (int c = 0; c < 3; c++) {
                    int v = in[x * ch + (ch == 4 ? c : 0)] & 0xFF;
                    row[x * 3 + c] = (byte) ((v * a + 255 * (255 - a) + 127) / 255);
                }
            }
            out.put(y, 0, row);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown OpenCV error";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** What the container says before any pixel is decoded: format, size, transparency. */
    static final class Header {
        final String format;
        final int width;
        final int height;
        final boolean alpha;

        private Header(String format, int width, int height, boolean alpha) {
            this.format = format;
            this.width = width;
            this.height = height;
            this.alpha = alpha;
        }

        /**
         * @param b the whole file
         * @param name for messages
         * @return the header; width and height are 0 for formats not walked here
         * @throws VisionException when a JPEG or PNG is truncated or malformed
         */
        static Header parse(byte[] b, String name) {
            if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
                return jpeg(b, name);
            }
            if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0D && b[5] == 0x0A
                    && b[6] == 0x1A && b[7] == 0x0A) {
                return png(b, name);
            }
            return new Header("image", 0, 0, false);
        }

        private static Header jpeg(byte[] b, String name) {
            int n = b.length;
            int i = 2;
            int width = 0;
            int height = 0;
            boolean frame = false;
            while (true) {
                if (i >= n) {
                    throw truncatedJpeg(name, n);
                }
                while (i < n && (b[i] & 0xFF) != 0xFF) {
                    i++; // extraneous bytes before a marker: libjpeg skips them with a warning, so do we
                }
                while (i < n && (b[i] & 0xFF) == 0xFF) {
                    i++; // fill bytes
                }
                if (i >= n) {
                    throw truncatedJpeg(name, n);
                }
                int marker = b[i++] & 0xFF;
                if (marker == 0xD9) {
                    if (!frame) {
                        throw new VisionException(name, "corrupt JPEG: no frame header before the end-of-image marker");
                    }
                    return new Header("JPEG", width, height, false);
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue; // markers without a length
                }
                if (i + 2 > n) {
                    throw truncatedJpeg(name, n);
                }
                int len = u16(b, i);
                if (len < 2) {
                    throw new VisionException(name, "corrupt JPEG: segment length " + len + " at byte " + i);
                }
                if (i + len > n) {
                    throw truncatedJpeg(name, n);
                }
                boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                if (sof) {
                    if (len < 8) {
                        throw new VisionException(name, "corrupt JPEG: frame header too short");
                    }
                    height = u16(b, i + 3);
                    width = u16(b, i + 5);
                    frame = true;
                }
                i += len;
                if (marker == 0xDA) {
                    if (!frame) {
                        throw new VisionException(name, "corrupt JPEG: scan data before any frame header");
                    }
                    // entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart marker
                    while (true) {
                        if (i + 1 >= n) {
                            throw truncatedJpeg(name, n);
                        }
                        if ((b[i] & 0xFF) != 0xFF) {
                            i++;
                            continue;
                        }
                        int next = b[i + 1] & 0xFF;
                        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                            i += 2;
                        } else if (next == 0xFF) {
                            i++;
                        } else {
                            break;
                        }
                    }
                }
            }
        }

        private static VisionException truncatedJpeg(String name, int n) {
            return new VisionException(name, "truncated JPEG: the file ends after " + n + " bytes, before its end-of-image marker");
        }

        private static Header png(byte[] b, String name) {
            int n = b.length;
            int i = 8;
            int width = 0;
            int height = 0;
            boolean alpha = false;
            boolean first = true;
            while (true) {
                if (i + 8 > n) {
                    throw new VisionException(name, "truncated PNG: the file ends after " + n + " bytes, before its IEND chunk");
                }
                long len = u32(b, i);
                String type = new String(b, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (i + 12 + len > n) {
                    throw new VisionException(name, "truncated PNG: the file ends after " + n + " bytes, inside its " + type + " chunk");
                }
                if (first) {
                    if (!type.equals("IHDR") || len < 13) {
                        throw new VisionException(name, "corrupt PNG: the first chunk is " + type + ", not IHDR");
                    }
                    width = (int) Math.min(Integer.MAX_VALUE, u32(b, i + 8));
                    height = (int) Math.min(Integer.MAX_VALUE, u32(b, i + 12));
                    int colorType = b[i + 17] & 0xFF;
                    alpha = colorType == 4 || colorType == 6;
                    first = false;
                } else if (type.equals("tRNS")) {
                    alpha = true;
                } else if (type.equals("IEND")) {
                    return new Header("PNG", width, height, alpha);
                }
                i += 12 + (int) len;
            }
        }

        private static int u16(byte[] b, int i) {
            return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        }

        private static long u32(byte[] b, int i) {
            return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
        }
    }
}
