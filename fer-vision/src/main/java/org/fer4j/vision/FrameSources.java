package org.fer4j.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.opencv.core.Mat;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

/** Opens the right {@link FrameSource} for a path or {@code camera:N}, refusing unusable input with a clear error. */
public final class FrameSources {
    private static final Pattern CAMERA = Pattern.compile("camera:(\\d+)");
    private static final List<String> IMAGE_EXT = List.of(".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff");
    static final List<String> VIDEO_EXT = List.of(".mp4", ".avi", ".mov", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg");

    private FrameSources() {
    }

    /**
     * @param spec an image file, a folder of images, a video file, or {@code camera:N}
     * @return the source; close it
     * @throws VisionException when the input is missing, empty, undecodable, or the camera does not exist
     */
    public static FrameSource open(String spec) {
        OpenCvRuntime.load();
        Matcher m = CAMERA.matcher(spec);
        if (m.matches()) {
            return camera(Integer.parseInt(m.group(1)));
        }
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
            return folder(p);
        }
        checkFile(p);
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (VIDEO_EXT.stream().anyMatch(n::endsWith)) {
            return video(p);
        }
        if (IMAGE_EXT.stream().anyMatch(n::endsWith)) {
            return images(p.getFileName().toString(), List.of(p));
        }
        throw new VisionException(p.toString(), "unknown file type; expected an image (" + String.join(" ", IMAGE_EXT) + "), a video ("
                + String.join(" ", VIDEO_EXT) + "), a folder or camera:N");
    }

    private static void checkFile(Path p) {
        if (!Files.exists(p)) {
            throw new VisionException(p.toString(), "file not found");
        }
        try {
            if (Files.size(p) == 0) {
                throw new VisionException(p.toString(), "empty file (0 bytes)");
            }
        } catch (IOException e) {
            throw new VisionException(p.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    private static FrameSource folder(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> IMAGE_EXT.stream().anyMatch(f.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new VisionException(dir.toString(), "cannot list folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new VisionException(dir.toString(), "no images in this folder");
        }
        files.forEach(FrameSources::checkFile);
        return images(dir.getFileName().toString(), files);
    }

    /** Still images, decoded one at a time by {@link ImageDecoder}; an undecodable file is an error naming it. */
    private static FrameSource images(String name, List<Path> files) {
        return new BaseFrameSource(new Mat(), name, false, files.size(), 0) {
            private int next;

            @Override
            public Frame next() {
                if (next >= files.size()) {
                    return null;
                }
                Path f = files.get(next);
                Mat img = ImageDecoder.readBgr(f);
                img.copyTo(mat);
                img.release();
                return new Frame(mat, next++, 0, f.getFileName().toString());
            }
        };
    }

    private static FrameSource video(Path file) {
        return FfmpegVideo.open(file);
    }

    private static FrameSource camera(int index) {
        VideoCapture cap = new VideoCapture(index);
        if (!cap.isOpened()) {
            cap.release();
            throw new VisionException("camera:" + index, "no such camera (could not open device " + index + ")");
        }
        return capture("camera" + index, cap, cap.get(Videoio.CAP_PROP_FPS));
    }

    private static FrameSource capture(String name, VideoCapture cap, double fps) {
        return new BaseFrameSource(new Mat(), name, true, -1, fps) {
            private final long t0 = System.nanoTime();
            private long index;

            @Override
            public Frame next() {
                if (!cap.read(mat) || mat.empty()) {
                    return null;
                }
                double t = (System.nanoTime() - t0) / 1e6;
                return new Frame(mat, index++, t, name);
            }

            @Override
            protected void release() {
                cap.release();
            }
        };
    }
}
