package org.massaged.controller.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.massaged.controller.app.config.FileAccess;
import org.massaged.controller.history.EnvelopeSvg;
import org.massaged.controller.history.ProgramPreview;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.program.ProgramCatalogue;

/** {@code programs show NAME --plot FILE.svg}: the engine's dry run ({@link ProgramPreview}) drawn to a file. */
final class ProgramPlot {

    private ProgramPlot() {}

    record Written(Path file, ProgramPreview.Envelope envelope) {
        String sentence() {
            CommandResult answer = envelope.answer();
            String adjusted = answer.outcome() == CommandResult.Outcome.ADJUSTED
                    ? " The engine adjusted the start: " + answer.message() : "";
            return String.format(Locale.ROOT, "%nPlot written to %s: %s at level %d lasts %s (outputs off), peak level "
                            + "%.2f, ended by %s.%s", file, envelope.program(), envelope.level(),
                    HistoryCommand.minutesSeconds(envelope.length().toSeconds()), envelope.peak(),
                    envelope.endedBy().orElse("(did not end)"), adjusted);
        }

        ObjectNode json() {
            return Output.object().put("file", file.toString()).put("level", envelope.level())
                    .put("length_s", envelope.length().toMillis() / 1000.0).put("ran_s", envelope.ran().toSeconds())
                    .put("peak_level", envelope.peak()).put("ended_by", envelope.endedBy().orElse(null))
                    .put("start_result", envelope.answer().outcome().wireName())
                    .put("start_reason", envelope.answer().reason()).put("start_message", envelope.answer().message());
        }
    }

    static final class PlotException extends Exception {
        private final int exitCode;
        private final String reason;

        PlotException(int exitCode, String reason, String message) {
            super(message);
            this.exitCode = exitCode;
            this.reason = reason;
        }

        int exitCode() {
            return exitCode;
        }

        String reason() {
            return reason;
        }
    }

    static Written write(Path file, DeviceProfile profile, ProgramCatalogue programs, String program, boolean allowHigh,
                         Optional<Duration> duration, Optional<Integer> level, int topLevel) throws PlotException {
        EngineConfig config = new EngineConfig(profile, programs.byId(), program, allowHigh, RemoteStartPolicy.ALLOWED);
        ProgramPreview.Envelope envelope = ProgramPreview.run(config, program, duration,
                level.map(OptionalInt::of).orElse(OptionalInt.empty()));
        if (envelope.answer().isRejected()) {
            throw new PlotException(ExitCodes.REJECTED, envelope.answer().reason(), "The session engine would not start "
                    + program + " (" + envelope.answer().reason() + "): " + envelope.answer().message()
                    + " No plot was written.");
        }
        try {
            Files.writeString(file, EnvelopeSvg.render(envelope, topLevel), StandardCharsets.UTF_8);
        } catch (AccessDeniedException denied) {
            throw new PlotException(ExitCodes.CONFIG, "permission-denied", "Cannot write the plot " + file + ": "
                    + FileAccess.advice(file));
        } catch (java.nio.file.NoSuchFileException noDirectory) {
            throw new PlotException(ExitCodes.CONFIG, "plot-unwritable", "Cannot write the plot " + file
                    + ": its directory does not exist.");
        } catch (IOException failed) {
            throw new PlotException(ExitCodes.CONFIG, "plot-unwritable", "Cannot write the plot " + file + ": "
                    + failed.getMessage());
        }
        return new Written(file, envelope);
    }
}
