package org.fer4j.vision;

import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Time segments of a video file, so that one long video can be analyzed in pieces (on several machines) with the same
 * frames, frame numbers and times as a whole-file {@link FrameSources#open(String)}: frame {@code i} is at
 * {@code i * 1000 / fps} ms, and a segment {@code [startMs, endMs)} yields exactly the frames whose time lies in it.
 * A segment that does not start at 0 is decoded from the keyframe before its start, and the frames before the start
 * are decoded and dropped (frame-accurate, at the cost of up to one keyframe interval of extra decoding).
 */
public final class VideoSegments {
    private VideoSegments() {
    }

    /**
     * What a video's container says about it.
     *
     * @param frames frames of the video stream (the container's count, or FFmpeg's estimate), -1 when unknown
     * @param fps frames per second (the rate frames are numbered and timed by)
     * @param durationMs length in milliseconds: {@code frames * 1000 / fps} when both are known, else the container's
     * @param width frame width in pixels
     * @param height frame height in pixels
     */
    public record VideoInfo(long frames, double fps, double durationMs, int width, int height) {
    }

    /**
     * Reads a video's header (no frame is decoded).
     *
     * @param file the video
     * @return its frame count, rate, length and size
     * @throws VisionException when the file cannot be opened as a video or has no frame rate
     */
    public static VideoInfo probe(Path file) {
        FFmpegFrameGrabber g = start(file);
        try {
            double fps = g.getFrameRate();
            if (!(fps > 0)) {
                throw new VisionException(file.toString(), "the video stream has no frame rate; it cannot be cut into segments");
            }
            long frames = FfmpegVideo.videoStreamFrames(g);
            double duration = frames > 0 ? frames * 1000.0 / fps : g.getLengthInTime() / 1000.0;
            return new VideoInfo(frames, fps, duration, g.getImageWidth(), g.getImageHeight());
        } finally {
            FfmpegVideo.closeQuietly(g);
        }
    }

    /**
     * Opens the frames of a video whose time lies in {@code [startMs, endMs)}, numbered and timed as in the whole file.
     *
     * @param file the video
     * @param startMs first time included, >= 0
     * @param endMs first time excluded ({@code Double.POSITIVE_INFINITY} for the rest of the video)
     * @return the frames; close it. Its {@link FrameSource#expectedFrames()} counts the container's frames in the segment
     * @throws VisionException when the file cannot be opened, or when its frames do not follow its frame rate (a
     *     variable-rate video cannot be cut by time: analyze it whole)
     * @throws IllegalArgumentException when the range is empty or negative
     */
    public static FrameSource openSegment(Path file, double startMs, double endMs) {
        if (!(startMs >= 0) || !(endMs > startMs)) {
            throw new IllegalArgumentException("a segment needs 0 <= startMs < endMs, got [" + startMs + ", " + endMs + ")");
        }
        FFmpegFrameGrabber g = start(file);
        double fps = g.getFrameRate();
        if (!(fps > 0)) {
            FfmpegVideo.closeQuietly(g);
            throw new VisionException(file.toString(), "the video stream has no frame rate; it cannot be cut into segments");
        }
        long startIndex = (long) Math.ceil(startMs * fps / 1000.0);
        while (startIndex > 0 && timeOf(startIndex - 1, fps) >= startMs) {
            startIndex--;
        }
        while (timeOf(startIndex, fps) < startMs) {
            startIndex++;
        }
        long frames = FfmpegVideo.videoStreamFrames(g);
        String name = file.getFileName().toString();
        long first = startIndex;
        long inSegment = -1;
        if (frames > 0) {
            // the container's frames that fall in the segment: what a complete read of it yields
            long end = first;
            while (end < frames && timeOf(end, fps) < endMs) {
                end++;
            }
            inSegment = end - first;
        }
        return new BaseFrameSource(new Mat(g.getImageHeight(), g.getImageWidth(), CvType.CV_8UC3), name, true, inSegment, fps) {
            private final byte[] bytes = new byte[g.getImageWidth() * g.getImageHeight() * 3];
            private final long startUs = streamStartUs(g);
            private long next = first;
            private boolean positioned;
            private boolean ended;
            private long seekedToUs = -1;
            private boolean checkedLanding = true;

            @Override
            public Frame next() {
                if (ended) {
                    return null;
                }
                if (!positioned) {
                    position();
                    positioned = true;
                    checkedLanding = first == 0;
                }
                while (true) {
                    org.bytedeco.javacv.Frame f = grab();
                    if (f == null) {
                        ended = true;
                        return null;
                    }
                    long index = indexOf(f);
                    if (!checkedLanding) {
                        if (index > next && seekedToUs > 0) {
                            seek(Math.max(0, seekedToUs - 1_000_000));
                            continue; // landed past the segment's first frame: back off and decode forward again
                        }
                        checkedLanding = true;
                    }
                    if (index < next) {
                        continue; // decoded from the keyframe before the segment: not ours yet
                    }
                    if (index > next) {
                        throw new VisionException(name(), "expected frame " + next + " (at " + timeOf(next, fps()) + " ms) but the next decoded frame is "
                                + index + ": the frames do not follow the stream's rate of " + fps() + "/s, so this video cannot be cut into segments");
                    }
                    double t = timeOf(index, fps());
                    if (t >= endMs) {
                        ended = true;
                        return null;
                    }
                    copy(f, index);
                    next++;
                    return new Frame(mat, index, t, name());
                }
            }

            /**
             * Seeks to a point before the segment (FFmpeg goes on to the keyframe before that). When a seek still lands
             * past the first frame, it is repeated a second earlier each time, down to the start of the file.
             */
            private void position() {
                if (first == 0) {
                    return;
                }
                long targetUs = Math.max(0, Math.round((first - 1) * 1_000_000.0 / fps()));
                seek(targetUs);
            }

            private void seek(long targetUs) {
                try {
                    // JavaCV adds the container's start time itself
                    g.setVideoTimestamp(targetUs);
                } catch (FrameGrabber.Exception | RuntimeException e) {
                    throw new VisionException(name(), "cannot seek to " + targetUs / 1000 + " ms: " + e.getMessage(), e);
                }
                seekedToUs = targetUs;
            }

            private org.bytedeco.javacv.Frame grab() {
                try {
                    org.bytedeco.javacv.Frame f = g.grabImage();
                    return f == null || f.image == null ? null : f;
                } catch (FrameGrabber.Exception e) {
                    throw new VisionException(name(), "decoding failed after frame " + (next - 1) + ": " + e.getMessage(), e);
                }
            }

            private long indexOf(org.bytedeco.javacv.Frame f) {
                return Math.round((f.timestamp - startUs) * fps() / 1_000_000.0);
            }

            private void copy(org.bytedeco.javacv.Frame f, long index) {
                FfmpegVideo.copyBgr(f, mat, bytes, name(), index);
            }

            @Override
            protected void release() {
                FfmpegVideo.closeQuietly(g);
            }
        };
    }

    /** The time a whole-file read gives frame {@code index}: the same expression, so that segments agree with it bit for bit. */
    private static double timeOf(long index, double fps) {
        return index * 1000.0 / fps;
    }

    private static FFmpegFrameGrabber start(Path file) {
        OpenCvRuntime.load();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            FfmpegVideo.closeQuietly(g);
            throw new VisionException(file.toString(), "cannot open as a video (corrupt, truncated or unsupported): " + e.getMessage(), e);
        }
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            FfmpegVideo.closeQuietly(g);
            throw new VisionException(file.toString(), "no video stream in this file");
        }
        return g;
    }

    /**
     * Where the video stream's timestamps start, in microseconds: frame numbers count from the stream's first frame,
     * as a whole-file read counts them.
     */
    private static long streamStartUs(FFmpegFrameGrabber g) {
        var ctx = g.getFormatContext();
        for (int i = 0; i < ctx.nb_streams(); i++) {
            var st = ctx.streams(i);
            if (st.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                long start = st.start_time();
                if (start == avutil.AV_NOPTS_VALUE) {
                    return 0;
                }
                return Math.round(start * 1_000_000.0 * st.time_base().num() / st.time_base().den());
            }
        }
        return 0;
    }
}
