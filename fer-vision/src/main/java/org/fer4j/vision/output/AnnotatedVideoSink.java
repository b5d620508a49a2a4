package org.fer4j.vision.output;

import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.FfmpegVideo;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.VideoCodec;
import org.opencv.core.Mat;

/** Writes {@code <stem>.annotated.mp4}: every frame of a video with boxes, smoothed labels and track ids drawn. */
public final class AnnotatedVideoSink implements FrameSink {
    private final AnnotatedFrames annotated = new AnnotatedFrames();
    private final VideoCodec codec;
    private OutputContext context;
    private FfmpegVideo.Writer video;

    /** An H.264 video, which browsers play. */
    public AnnotatedVideoSink() {
        this(VideoCodec.H264);
    }

    /** @param codec the video's codec */
    public AnnotatedVideoSink(VideoCodec codec) {
        this.codec = codec;
    }

    /** @return the frames as this sink draws them, for a preview window to show without drawing them again */
    public AnnotatedFrames frames() {
        return annotated;
    }

    @Override
    public void open(OutputContext c) {
        this.context = c;
    }

    @Override
    public boolean accept(FrameSource.Frame frame, FrameResult result) {
        Mat bgr = annotated.of(frame, result);
        if (video == null) {
            video = new FfmpegVideo.Writer(context.staged(context.stem() + ".annotated.mp4"), bgr.cols(), bgr.rows(), context.fps(), codec);
        }
        video.write(bgr);
        return true;
    }

    @Override
    public void finish(org.fer4j.vision.AnalysisSummary summary) {
        // closing writes the container's index: a failure here must fail the run, not pass for a finished file
        if (video != null) {
            FfmpegVideo.Writer v = video;
            video = null;
            v.close();
        }
    }

    @Override
    public boolean needsPixels() {
        return true;
    }

    @Override
    public void close() {
        try {
            if (video != null) {
                video.close();
            }
        } catch (RuntimeException ignored) {
            // the run already failed; its staging folder is deleted
        } finally {
            annotated.close();
        }
    }
}
