package org.fer4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The loop's state saved with each checkpoint ({@code state.json}; field names are the file's keys). */
final class TrainingState {
    int epochsDone;
    double bestAccuracy = -1;
    int bestEpoch;
    float plateauFactor = 1f;
    int epochsSinceBest;
    List<EpochRecord> history = new ArrayList<>();
    Map<String, Object> config;
}
