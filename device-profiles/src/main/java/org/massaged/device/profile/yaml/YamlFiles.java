package org.massaged.device.profile.yaml;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.massaged.device.profile.ValidationProblem;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a file into the YAML node tree (snakeyaml-engine's Node API, which keeps line and column for
 * every node). Syntax errors, unreadable files and files with other than exactly one document become
 * problems, never exceptions.
 */
public final class YamlFiles {

    /** Larger files are not profiles; refusing them keeps a mistaken path from eating memory. */
    public static final int MAX_CHARS = 1_000_000;

    private YamlFiles() {}

    public static Optional<YamlValue> read(Path path, Problems problems) {
        return read(path, problems, false);
    }

    /** As {@link #read(Path, Problems)}; with {@code emptyIsNull} see {@link #parse(String, String, Problems, boolean)}. */
    public static Optional<YamlValue> read(Path path, Problems problems, boolean emptyIsNull) {
        String name = path.toString();
        String text;
        try {
            if (Files.isDirectory(path)) {
                problems.fileProblem(name, "a file, not a directory");
                return Optional.empty();
            }
            if (Files.size(path) > MAX_CHARS) {
                problems.fileProblem(name, "a file of at most " + MAX_CHARS + " bytes");
                return Optional.empty();
            }
            text = Files.readString(path);
        } catch (NoSuchFileException missing) {
            problems.fileProblem(name, "an existing file (no such file)");
            return Optional.empty();
        } catch (CharacterCodingException encoding) {
            problems.fileProblem(name, "UTF-8 text");
            return Optional.empty();
        } catch (IOException unreadable) {
            problems.fileProblem(name, "a readable file (" + unreadable.getMessage() + ")");
            return Optional.empty();
        }
        return parse(name, text, problems, emptyIsNull);
    }

    /** Parses {@code text}; {@code name} names it in problems (a path or a classpath resource). */
    public static Optional<YamlValue> parse(String name, String text, Problems problems) {
        return parse(name, text, problems, false);
    }

    /**
     * Parses {@code text} as one document; with {@code emptyIsNull} a text without one (empty, or comments
     * only) is a null value rather than a problem.
     */
    public static Optional<YamlValue> parse(String name, String text, Problems problems, boolean emptyIsNull) {
        if (text.length() > MAX_CHARS) {
            problems.fileProblem(name, "a file of at most " + MAX_CHARS + " characters");
            return Optional.empty();
        }
        List<Node> documents;
        try {
            documents = YamlNodes.composeAll(name, text, MAX_CHARS);
        } catch (YamlNodes.YamlSyntaxException syntax) {
            Optional<Mark> mark = syntax.problemMark().or(syntax::contextMark);
            String context = syntax.context().map(words -> words + ": ").orElse("");
            problems.add(new ValidationProblem(name, mark.map(m -> m.getLine() + 1).orElse(0),
                    mark.map(m -> m.getColumn() + 1).orElse(0), "", null, "valid YAML (" + context + syntax.problem() + ")"));
            return Optional.empty();
        }
        if (documents.isEmpty() && emptyIsNull) {
            return Optional.of(new YamlValue(name, new ScalarNode(Tag.NULL, "", ScalarStyle.PLAIN), "", problems));
        }
        if (documents.isEmpty()) {
            problems.fileProblem(name, "a YAML document; the file is empty");
            return Optional.empty();
        }
        if (documents.size() > 1) {
            YamlValue second = new YamlValue(name, documents.get(1), "", problems);
            problems.add(new ValidationProblem(name, second.line(), second.column(), "", null,
                    "one YAML document per file; a second one starts here"));
            return Optional.empty();
        }
        return Optional.of(new YamlValue(name, documents.get(0), "", problems));
    }

    /** The text of a classpath resource, e.g. {@code profiles/lumbar-duo-serial.yaml}. */
    public static Optional<YamlValue> resource(String name, Problems problems) {
        String label = "classpath:" + name;
        try (java.io.InputStream in = YamlFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                problems.fileProblem(label, "a resource on the classpath (missing)");
                return Optional.empty();
            }
            return parse(label, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), problems);
        } catch (IOException unreadable) {
            problems.fileProblem(label, "a readable resource (" + unreadable.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** Lines of a classpath index file: one resource name per line, # comments and blank lines ignored. */
    public static List<String> index(String name) {
        try (java.io.InputStream in = YamlFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }

    /** Files named by {@code paths}: a file as it is, a directory as its *.yaml and *.yml files, sorted. */
    public static List<Path> expand(java.util.Collection<Path> paths, Problems problems) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            try (java.util.stream.Stream<Path> listing = Files.list(path)) {
                listing.filter(file -> {
                    String name = file.getFileName().toString();
                    return (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(file);
                }).sorted().forEach(files::add);
            } catch (IOException unreadable) {
                problems.fileProblem(path.toString(), "a readable directory (" + unreadable.getMessage() + ")");
            }
        }
        return files;
    }

    /** Whether {@code file} holds exactly the text of a built-in resource listed in {@code index} under {@code dir}. */
    public static boolean isBuiltInCopy(Path file, String index, String dir) {
        try {
            String text = Files.readString(file);
            for (String name : index(index)) {
                try (java.io.InputStream in = YamlFiles.class.getClassLoader().getResourceAsStream(dir + "/" + name)) {
                    if (in != null && new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).equals(text)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** The text behind a source name as used in problems: {@code classpath:...} or a file path. */
    public static Optional<String> text(String source) {
        try {
            if (source.startsWith("classpath:")) {
                try (java.io.InputStream in = YamlFiles.class.getClassLoader()
                        .getResourceAsStream(source.substring("classpath:".length()))) {
                    return in == null ? Optional.empty()
                            : Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return Optional.of(Files.readString(Path.of(source)));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
