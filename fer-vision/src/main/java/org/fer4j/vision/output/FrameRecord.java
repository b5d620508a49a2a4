package org.fer4j.vision.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FrameResult;

import com.google.gson.Gson;
import com.google.gson.annotations.SerializedName;

/**
 * One line of {@code <name>.jsonl}: one frame of a video or one image, with every face found in it. The field names
 * below are the JSON keys; the schema is this type.
 *
 * <pre>{@code
 * {"source":"clip.mp4","frame":12,"time_ms":400.4,"shot_cut":false,"faces":[{"track":1,"box":[x,y,w,h],
 *   "probabilities":{"angry":0.01,...,"neutral":0.2},"label":"happy",
 *   "smoothed_probabilities":{"angry":0.02,...},"smoothed_label":"happy"}]}
 * }</pre>
 *
 * @param source the video's file name, or the image's for still images
 * @param frame frame number from 0 (the image's position for a folder)
 * @param timeMs presentation time in milliseconds, rounded to 1 microsecond
 * @param shotCut whether a new shot starts at this frame (tracks end at a cut)
 * @param faces the faces, left to right
 */
public record FrameRecord(String source, long frame, @SerializedName("time_ms") double timeMs, @SerializedName("shot_cut") boolean shotCut,
        List<Face> faces) {
    private static final Gson GSON = new Gson();

    /**
     * One face of a frame.
     *
     * @param track the face's track id, stable across the frames of a video
     * @param box x, y, width and height in frame pixels
     * @param probabilities this frame's probability of each emotion, by {@link Emotion#label()}, in {@link Emotion} order
     * @param label the most probable emotion of this frame
     * @param smoothedProbabilities the track's smoothed probabilities after this frame, by {@link Emotion#label()}
     * @param smoothedLabel the track's smoothed emotion after this frame: the argmax of {@code smoothedProbabilities}
     */
    public record Face(int track, int[] box, Map<String, Float> probabilities, String label,
            @SerializedName("smoothed_probabilities") Map<String, Float> smoothedProbabilities,
            @SerializedName("smoothed_label") String smoothedLabel) {
    }

    /**
     * @param source the source name to record
     * @param r the pipeline's result for one frame
     * @return the record
     */
    public static FrameRecord of(String source, FrameResult r) {
        List<Face> faces = new ArrayList<>(r.faces().size());
        for (FaceResult f : r.faces()) {
            faces.add(new Face(f.track(), new int[] {f.box().x(), f.box().y(), f.box().width(), f.box().height()},
                    byLabel(f.prediction()), f.prediction().top().label(), byLabel(f.smoothedProbabilities()), f.smoothedLabel().label()));
        }
        return new FrameRecord(source, r.frame(), Math.round(r.timeMs() * 1000) / 1000.0, r.shotCut(), faces);
    }

    private static Map<String, Float> byLabel(ExpressionPrediction p) {
        Map<String, Float> m = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) {
            m.put(e.label(), p.probability(e));
        }
        return m;
    }

    /** @return the record as one line of JSON, without a line break */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * @param line one line of a {@code .jsonl} file written by fer4j
     * @return the record
     */
    public static FrameRecord parse(String line) {
        return GSON.fromJson(line, FrameRecord.class);
    }
}
