package org.fer4j.core.pipeline;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import org.fer4j.core.FerException;

/**
 * How each face track is smoothed over time, as a short text: {@code ema:A} (exponential moving average of the
 * probabilities, newest frame weighted A in (0, 1]), {@code mean:N} (mean probabilities of the last N frames) or
 * {@code mode:N} (the tutorial's most frequent label of the last N frames, shown with its share of the votes).
 * The default is defined here once for the library, the command line and the benchmarks.
 */
public final class SmoothingSpec implements Supplier<Smoother> {
    /** The kinds of smoothing. */
    public enum Kind {
        /** Exponential moving average of probabilities. */
        EMA,
        /** Window mean of probabilities. */
        MEAN,
        /** Window mode of top labels (the tutorial's smoothing). */
        MODE
    }

    /** The default: an exponential moving average with weight 0.3 (measured on the shared clips, docs/ux.md). */
    public static final SmoothingSpec DEFAULT = new SmoothingSpec(Kind.EMA, 0.3);

    private final Kind kind;
    private final double value;

    private SmoothingSpec(Kind kind, double value) {
        this.kind = kind;
        this.value = value;
    }

    /**
     * @param spec {@code ema:A}, {@code mean:N} or {@code mode:N}
     * @return the parsed setting
     * @throws FerException naming the text and what is wrong with it
     */
    public static SmoothingSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String[] p = spec.trim().split(":", 2);
        String kind = p[0].toLowerCase(Locale.ROOT);
        if (p.length != 2 || !(kind.equals("ema") || kind.equals("mean") || kind.equals("mode"))) {
            throw new FerException("smoothing '" + spec + "': expected ema:A, mean:N or mode:N");
        }
        String arg = p[1].trim();
        if (kind.equals("ema")) {
            double a;
            try {
                a = Double.parseDouble(arg);
            } catch (NumberFormatException e) {
                a = Double.NaN;
            }
            if (!(a > 0 && a <= 1)) {
                throw new FerException("smoothing '" + spec + "': A must be a number in (0, 1]");
            }
            return ema(a);
        }
        int n;
        try {
            n = Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new FerException("smoothing '" + spec + "': N must be a positive integer");
        }
        return kind.equals("mean") ? mean(n) : mode(n);
    }

    /** @param alpha weight of the newest frame, in (0, 1] @return an exponential moving average */
    public static SmoothingSpec ema(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new FerException("smoothing ema: alpha must be in (0, 1], got " + alpha);
        }
        return new SmoothingSpec(Kind.EMA, alpha);
    }

    /** @param window frames averaged, at least 1 @return a window mean of probabilities */
    public static SmoothingSpec mean(int window) {
        if (window < 1) {
            throw new FerException("smoothing mean: the window must be a positive integer, got " + window);
        }
        return new SmoothingSpec(Kind.MEAN, window);
    }

    /** @param window frames voting, at least 1 @return the tutorial's label mode */
    public static SmoothingSpec mode(int window) {
        if (window < 1) {
            throw new FerException("smoothing mode: the window must be a positive integer, got " + window);
        }
        return new SmoothingSpec(Kind.MODE, window);
    }

    /** @return the kind of smoothing */
    public Kind kind() {
        return kind;
    }

    /** @return a fresh smoother for one new track */
    @Override
    public Smoother get() {
        return switch (kind) {
            case EMA -> new EmaSmoother(value);
            case MEAN -> new WindowMeanSmoother((int) value);
            case MODE -> new LabelModeSmoother((int) value);
        };
    }

    /** @return the spec as {@link #parse} reads it, e.g. {@code ema:0.3} */
    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + (kind == Kind.EMA ? stripZeros(value) : String.valueOf((int) value));
    }

    private static String stripZeros(double v) {
        String s = String.valueOf(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmoothingSpec s && s.kind == kind && s.value == value;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(value);
    }
}
