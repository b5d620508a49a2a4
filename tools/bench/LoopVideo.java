import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fer4j.vision.FfmpegVideo;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.FrameSources;
import org.opencv.core.Mat;

/**
 * Makes a long test video by looping a short clip: output frame j shows the clip's frame at time (j / fps) modulo the
 * clip's length. Run with the command line's jar on the class path (Java's single-file launcher):
 * {@code java -cp fer-cli/target/fer.jar tools/bench/LoopVideo.java CLIP OUT.mp4 MINUTES FPS}.
 */
public final class LoopVideo {
    private LoopVideo() {
    }

    /** @param args clip, output mp4, minutes, frames per second */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: LoopVideo CLIP OUT.mp4 MINUTES FPS");
            System.exit(2);
        }
        double minutes = Double.parseDouble(args[2]);
        double fps = Double.parseDouble(args[3]);
        List<Mat> frames = new ArrayList<>();
        double clipFps;
        try (FrameSource clip = FrameSources.open(args[0])) {
            clipFps = clip.fps();
            for (FrameSource.Frame f; (f = clip.next()) != null;) {
                frames.add(f.image().clone());
            }
        }
        long total = Math.round(minutes * 60 * fps);
        Mat first = frames.get(0);
        try (FfmpegVideo.Writer w = new FfmpegVideo.Writer(Path.of(args[1]), first.cols(), first.rows(), fps)) {
            for (long j = 0; j < total; j++) {
                int i = (int) (Math.floor(j / fps * clipFps)) % frames.size();
                w.write(frames.get(i));
            }
        }
        frames.forEach(Mat::release);
        System.out.printf("wrote %s: %d frames at %.2f fps (%.1f min) from %d frames of %s%n", args[1], total, fps, total / fps / 60,
                frames.size(), args[0]);
    }
}
