import org.fer4j.core.pipeline.FramePipeline;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.vision.FaceCrops;
import org.fer4j.vision.FaceDetectors;
import org.fer4j.vision.FrameSources;

public class Faces {
    public static void main(String[] args) {
        try (var photo = FrameSources.open(args[0]); var detector = FaceDetectors.builder().build();
                var classifier = ExpressionClassifiers.builder().optInt8().build(); var crops = new FaceCrops()) {
            var frame = photo.next();
            var result = FramePipeline.withDefaults(detector, crops, classifier).process(frame.image(), 0, 0);
            result.faces().forEach(f -> System.out.println(f.box() + " " + f.prediction().top() + " " + f.prediction().confidence()));
        }
    }
}
