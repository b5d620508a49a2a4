package org.fer4j.vision;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Video file decoding and encoding through FFmpeg (JavaCV), because the openpnp OpenCV build has no FFmpeg and cannot
 * open mp4/H.264. Frames cross over as packed BGR bytes into OpenCV {@link Mat}s.
 */
public final class FfmpegVideo {
    private FfmpegVideo() {
    }

    /**
     * FFmpeg logs stream dumps at info level to stderr; only errors are worth showing. Called by both the reader and
     * the writer, since the nested {@link Writer} can be used without ever initialising this class.
     */
    private static void quietLogs() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private static final Pattern ERROR_CODE = Pattern.compile("error (-\\d+)");

    /**
     * JavaCV reports FFmpeg failures as "... error -28 ..."; this adds FFmpeg's own words for the code (av_strerror:
     * "No space left on device" for -28), so a full disk or a vanished folder reads as such.
     *
     * @param message an exception message, possibly null
     * @return the message with each error code explained
     */
    static String explain(String message) {
        if (message == null) {
            return "unknown FFmpeg error";
        }
        Matcher m = ERROR_CODE.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int code;
            try {
                code = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                continue;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group() + " (" + strerror(code) + ")"));
        }
        m.appendTail(sb);
        return sb.toString().strip();
    }

    private static String strerror(int code) {
        try (BytePointer buf = new BytePointer(256)) {
            if (avutil.av_strerror(code, buf, buf.capacity()) < 0) {
                return "FFmpeg error " + code;
            }
            byte[] b = new byte[(int) buf.capacity()];
            buf.get(b);
            int n = 0;
            while (n < b.length && b[n] != 0) {
                n++;
            }
            return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A video file as a {@link FrameSource}. */
    static FrameSource open(Path file) {
        quietLogs();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new VisionException(file.toString(), "cannot open as a video (corrupt, truncated or unsupported): " + explain(e.getMessage()), e);
        }
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            closeQuietly(g);
            throw new VisionException(file.toString(), "no video stream in this file");
        }
        String name = file.getFileName().toString();
        long frames = videoStreamFrames(g);
        return new BaseFrameSource(new Mat(g.getImageHeight(), g.getImageWidth(), CvType.CV_8UC3), name, true, frames, g.getFrameRate()) {
            private final byte[] bytes = new byte[g.getImageWidth() * g.getImageHeight() * 3];
            private long index;

            @Override
            public Frame next() {
                org.bytedeco.javacv.Frame f;
                try {
                    f = g.grabImage();
                } catch (FrameGrabber.Exception e) {
                    throw new VisionException(name(), "decoding failed at frame " + index + ": " + explain(e.getMessage()), e);
                }
                if (f == null || f.image == null) {
                    return null;
                }
                copyBgr(f, mat, bytes, name(), index);
                double t = fps() > 0 ? index * 1000.0 / fps() : f.timestamp / 1000.0;
                return new Frame(mat, index++, t, name());
            }

            @Override
            protected void release() {
                closeQuietly(g);
            }
        };
    }

    /**
     * Copies a decoded packed-BGR frame into the source's {@link Mat}, row by row (FFmpeg pads rows to its stride).
     *
     * @param f the decoded frame
     * @param mat the source's frame buffer, sized once from the stream header
     * @param bytes a scratch array of {@code width * height * 3} bytes
     * @param source the source's name, for the error
     * @param index the frame's number, for the error
     */
    static void copyBgr(org.bytedeco.javacv.Frame f, Mat mat, byte[] bytes, String source, long index) {
        if (f.imageWidth != mat.cols() || f.imageHeight != mat.rows()) {
            // the frame buffers are sized once from the stream header; a mid-stream change would overrun them
            throw new VisionException(source, "frame " + index + " is " + f.imageWidth + "x" + f.imageHeight
                    + " but the video started at " + mat.cols() + "x" + mat.rows() + "; resolution changes are not supported");
        }
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int row = f.imageWidth * 3;
        for (int y = 0; y < f.imageHeight; y++) {
            buf.position(y * f.imageStride);
            buf.get(bytes, y * row, row);
        }
        mat.put(0, 0, bytes);
    }

    /**
     * The video stream's own frame count from the container (nb_frames); FFmpeg's duration x rate estimate is used only
     * when the container does not record it (it overcounts when an audio track runs longer).
     */
    static long videoStreamFrames(FFmpegFrameGrabber g) {
        var ctx = g.getFormatContext();
        for (int i = 0; i < ctx.nb_streams(); i++) {
            var st = ctx.streams(i);
            if (st.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO && st.nb_frames() > 0) {
                return st.nb_frames();
            }
        }
        return g.getLengthInFrames() > 0 ? g.getLengthInFrames() : -1;
    }

    /** Closes a decoder that failed or is done; a failure to release it changes nothing for the caller. */
    static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // releasing a decoder that failed or is done; nothing was written
        }
    }

    /** FFmpeg's name of x264, the H.264 encoder of FFmpeg's GPL builds. */
    static final String X264 = "libx264";

    /**
     * @return whether the FFmpeg natives on the class path have x264: bytedeco's GPL build does (the application opts in
     *     with its {@code linux-x86_64-gpl} natives and {@code -Dorg.bytedeco.javacpp.platform.extension=-gpl}); the
     *     LGPL build fer4j depends on has OpenH264 only
     */
    public static boolean hasX264() {
        return avcodec.avcodec_find_encoder_by_name(X264) != null;
    }

    /** Writes BGR {@link Mat}s to an mp4 in 4:2:0 with a {@link VideoCodec} (H.264 unless told otherwise). */
    public static final class Writer implements AutoCloseable {
        private final Path file;
        private final FFmpegFrameRecorder recorder;
        private final Frame frame;
        private final byte[] bytes;
        private final int width;
        private final int height;

        /**
         * An H.264 writer.
         *
         * @param file the mp4 to write
         * @param width frame width
         * @param height frame height
         * @param fps frames per second (25 when 0 or unknown)
         */
        public Writer(Path file, int width, int height, double fps) {
            this(file, width, height, fps, VideoCodec.H264);
        }

        /**
         * @param file the mp4 to write
         * @param width frame width
         * @param height frame height
         * @param fps frames per second (25 when 0 or unknown)
         * @param codec the codec
         */
        public Writer(Path file, int width, int height, double fps, VideoCodec codec) {
            quietLogs();
            this.file = file;
            this.width = width;
            this.height = height;
            recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
            recorder.setFormat("mp4");
            recorder.setVideoCodec(codec.ffmpegId());
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps > 0 ? fps : 25);
            recorder.setVideoBitrate(2_000_000);
            if (codec == VideoCodec.H264 && hasX264()) {
                // the application chose FFmpeg's GPL build: x264's fastest preset costs what MPEG-4 Part 2 does (1.1-1.2
                // ms per 640x360 frame, docs/platforms.md), where its default preset takes 7.5 ms
                recorder.setVideoCodecName(X264);
                recorder.setVideoBitrate(0);
                recorder.setVideoOption("preset", "ultrafast");
                recorder.setVideoOption("crf", "23");
            } else if (codec == VideoCodec.H264) {
                // OpenH264's rate control costs ~15% of its time and, at the 2 Mb/s asked, spends 3.5x the bytes of its
                // fixed quantizer on the shared clips for no difference visible in the frames compared (docs/ux.md)
                recorder.setVideoOption("rc_mode", "off");
            }
            try {
                recorder.start();
            } catch (FrameRecorder.Exception | RuntimeException e) {
                try {
                    recorder.release();
                } catch (FrameRecorder.Exception | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new VisionException(file.toString(), "cannot start the video encoder: " + explain(e.getMessage()), e);
            }
            frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            bytes = new byte[width * height * 3];
        }

        /** @param bgr the next frame, 3-channel BGR of the size given at construction */
        public void write(Mat bgr) {
            if (bgr.cols() != width || bgr.rows() != height || bgr.type() != CvType.CV_8UC3) {
                throw new IllegalArgumentException(file + ": the encoder takes " + width + "x" + height + " BGR frames, got "
                        + bgr.cols() + "x" + bgr.rows() + " of type " + CvType.typeToString(bgr.type()));
            }
            bgr.get(0, 0, bytes);
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            int row = width * 3;
            for (int y = 0; y < height; y++) {
                buf.position(y * frame.imageStride);
                buf.put(bytes, y * row, row);
            }
            buf.rewind();
            try {
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            } catch (FrameRecorder.Exception e) {
                throw new VisionException(file.toString(), "video encoding failed: " + explain(e.getMessage()), e);
            }
        }

        @Override
        public void close() {
            try {
                recorder.close();
            } catch (FrameRecorder.Exception e) {
                throw new VisionException(file.toString(), "video encoder did not finish: " + explain(e.getMessage()), e);
            } finally {
                frame.close();
            }
        }
    }
}
