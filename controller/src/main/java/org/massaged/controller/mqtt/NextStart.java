package org.massaged.controller.mqtt;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a dashboard chose for the next session while none runs (program select, duration and level
 * numbers, heat switch). Empty fields leave the choice to the engine's defaults.
 */
public record NextStart(Optional<String> program, OptionalInt durationMinutes, OptionalInt level,
                        Optional<Boolean> heat) {

    public static NextStart none() {
        return new NextStart(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    }

    NextStart with(WireRequest request) {
        return new NextStart(
                request.program().or(this::program),
                request.durationMinutes().isPresent() ? request.durationMinutes() : durationMinutes,
                request.level().isPresent() ? request.level() : level,
                request.heat().or(this::heat));
    }
}
