package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fer4j.core.Detection;
import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

class RegionOfInterestDetectorTest {

    /** Every frame of a real clip through a full detector and the region detector side by side. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"default", "fast"})
    void followsTheFacesOfAVideoWithFewFullScans(String preset) throws Exception {
        String video = SharedData.require("video/short_hamilton_clip.mp4").toString();
        int frames = 0;
        int fullFaces = 0;
        int regionFaces = 0;
        int matched = 0;
        try (FrameSource src = FrameSources.open(video);
                CascadeFaceDetector full = preset.equals("fast") ? CascadeFaceDetector.fast() : CascadeFaceDetector.haar();
                RegionOfInterestDetector roi = new RegionOfInterestDetector(
                        preset.equals("fast") ? CascadeFaceDetector.fast() : CascadeFaceDetector.haar(), 10)) {
            for (FrameSource.Frame f; (f = src.next()) != null;) {
                List<Detection> a = full.detect(f.image());
                List<Detection> b = roi.detect(f.image());
                frames++;
                fullFaces += a.size();
                regionFaces += b.size();
                for (Detection d : a) {
                    if (b.stream().anyMatch(x -> x.box().iou(d.box()) > 0.5)) {
                        matched++;
                    }
                }
            }
            System.out.printf("hamilton, %s: %d frames; faces by full scans %d, by the region detector %d, full-scan faces it also found %d;"
                    + " its full scans %d, region scans %d%n", preset, frames, fullFaces, regionFaces, matched, roi.fullScans(), roi.regionScans());
            assertEquals(275, frames);
            assertTrue(fullFaces > 40, "the clip has a frontal face for seconds: " + fullFaces);
            // the region detector finds (nearly) every face a full scan of the same frame finds, with fewer full scans
            assertTrue(matched >= 0.8 * fullFaces, matched + " of " + fullFaces);
            assertTrue(regionFaces >= fullFaces, regionFaces + " vs " + fullFaces);
            assertTrue(roi.regionScans() > 0 && roi.fullScans() < frames, "full scans " + roi.fullScans());
        }
    }

    @Test
    void aStillFaceIsRefoundInItsRegion() {
        OpenCvRuntime.load();
        Mat img = Imgcodecs.imread(SharedData.require("photos/obama.jpg").toString());
        try (RegionOfInterestDetector roi = new RegionOfInterestDetector(CascadeFaceDetector.haar(), 5)) {
            List<Detection> first = roi.detect(img);
            assertEquals(1, first.size());
            for (int i = 0; i < 3; i++) {
                List<Detection> next = roi.detect(img);
                assertEquals(1, next.size());
                assertTrue(next.get(0).box().iou(first.get(0).box()) > 0.7, next + " vs " + first);
            }
            assertEquals(1, roi.fullScans());
            assertEquals(3, roi.regionScans());
        } finally {
            img.release();
        }
    }

    @Test
    void refusesBadSettings() {
        OpenCvRuntime.load();
        try (CascadeFaceDetector d = CascadeFaceDetector.haar()) {
            assertThrows(IllegalArgumentException.class, () -> new RegionOfInterestDetector(d, 0));
            assertThrows(IllegalArgumentException.class, () -> new RegionOfInterestDetector(d, 5, -1));
        }
    }
}
