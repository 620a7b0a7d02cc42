package org.massaged.device.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.device.profile.ValidationProblem;

class DeviceFileValidatorTest {

    @Test
    void whatAFileIsComesFromItsKindOrElseItsKeys(@TempDir Path dir) throws IOException {
        Path program = write(dir, "p.yaml", """
                version: 1
                id: short
                name: Short
                steps: [{technique: long-slow-stroke, zones: [both], intensity: 0.5, share: 1}]
                """);
        Path override = write(dir, "o.yaml", "version: 1\nprofile: body-massager-serial\ndisableZones: []\n");
        Path mystery = write(dir, "m.yaml", "version: 1\nname: What am I\n");
        Path wrongKind = write(dir, "w.yaml", "version: 1\nkind: recipe\n");
        List<DeviceFileValidator.Report> reports = DeviceFileValidator.validate(
                List.of(program, override, mystery, wrongKind), List.of(), Optional.empty());
        assertThat(reports).extracting(DeviceFileValidator.Report::kind).containsExactly(
                Optional.of(DeviceFileValidator.Kind.PROGRAM), Optional.of(DeviceFileValidator.Kind.OVERRIDE),
                Optional.empty(), Optional.empty());
        assertThat(reports.get(0).ok()).isTrue();
        assertThat(reports.get(0).id()).hasValue("short");
        assertThat(reports.get(1).ok()).isTrue();
        assertThat(reports.get(1).id()).hasValue("body-massager-serial");
        assertThat(reports.get(2).problems()).extracting(ValidationProblem::expected).singleElement().asString()
                .contains("kind: profile");
        assertThat(reports.get(3).problems()).extracting(ValidationProblem::expected).singleElement().asString()
                .contains("one of: profile, program, override");
    }

    @Test
    void aDirectoryIsCheckedFileByFile(@TempDir Path dir) throws IOException {
        write(dir, "a.yaml", "version: 1\nkind: program\n");
        write(dir, "b.yml", "version: 1\nkind: override\nprofile: nope\n");
        write(dir, "notes.txt", "not yaml at all: [");
        List<DeviceFileValidator.Report> reports = DeviceFileValidator.validate(List.of(dir), List.of(), Optional.empty());
        assertThat(reports).extracting(report -> report.file().getFileName().toString()).containsExactly("a.yaml", "b.yml");
        assertThat(reports).noneMatch(DeviceFileValidator.Report::ok);
        assertThat(reports.get(0).problems()).extracting(ValidationProblem::path).contains("id", "name", "steps");
        assertThat(reports.get(1).problems()).singleElement().satisfies(problem ->
                assertThat(problem.expected()).contains("a known profile: body-massager-gpio"));
    }

    @Test
    void duplicateKeysAreReportedOnceNotOncePerReading(@TempDir Path dir) throws IOException {
        Path file = write(dir, "d.yaml", """
                version: 1
                id: dup
                id: dup
                name: Dup
                steps: [{technique: long-slow-stroke, zones: [both], intensity: 0.5, share: 1}]
                """);
        List<DeviceFileValidator.Report> reports = DeviceFileValidator.validate(List.of(file), List.of(), Optional.empty());
        assertThat(reports.get(0).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.expected()).contains("\"id\" is already set on line 2");
        });
    }

    @Test
    void twoGivenProgramsWithOneIdClash(@TempDir Path dir) throws IOException {
        String program = """
                version: 1
                id: twin
                name: Twin
                steps: [{technique: long-slow-stroke, zones: [both], intensity: 0.5, share: 1}]
                """;
        Path first = write(dir, "a.yaml", program);
        Path second = write(dir, "b.yaml", program);
        List<DeviceFileValidator.Report> reports = DeviceFileValidator.validate(List.of(first, second), List.of(),
                Optional.empty());
        assertThat(reports.get(0).ok()).isTrue();
        assertThat(reports.get(1).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("id");
            assertThat(problem.expected()).contains("already defined in " + first + ":2");
        });
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
