package org.fer4j.vision;

import org.bytedeco.ffmpeg.global.avcodec;

/** The codec of the annotated video: what plays where, and what it costs to write. */
public enum VideoCodec {
    /**
     * H.264 (OpenH264, constrained baseline), the default: plays in browsers (the report page embeds it) and in every
     * player. Measured on 2 cores, 640x360: about 3 ms per frame.
     */
    H264("h264", avcodec.AV_CODEC_ID_H264, true),
    /**
     * MPEG-4 Part 2: about 1.2 ms per 640x360 frame, a third of H.264's cost, but browsers do not play it, so the report
     * page links the file instead of showing it.
     */
    MPEG4("mpeg4", avcodec.AV_CODEC_ID_MPEG4, false);

    private final String id;
    private final int ffmpegId;
    private final boolean browserPlayable;

    VideoCodec(String id, int ffmpegId, boolean browserPlayable) {
        this.id = id;
        this.ffmpegId = ffmpegId;
        this.browserPlayable = browserPlayable;
    }

    /** @return the name users give ({@code h264}, {@code mpeg4}) */
    public String id() {
        return id;
    }

    /** @return FFmpeg's codec id */
    int ffmpegId() {
        return ffmpegId;
    }

    /** @return whether browsers play it in a {@code <video>} element */
    public boolean browserPlayable() {
        return browserPlayable;
    }

    /**
     * @param name {@code h264} or {@code mpeg4}, any case
     * @return the codec
     * @throws IllegalArgumentException naming the choices for anything else
     */
    public static VideoCodec parse(String name) {
        for (VideoCodec c : values()) {
            if (c.id.equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown video codec '" + name + "'; choose h264 (plays in browsers) or mpeg4 (faster to write)");
    }
}
