package org.massaged.device.profile.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The one way every file massaged reads (configuration, profiles, programs, user overrides, fault scripts)
 * becomes YAML nodes, and the one reading of a node's place and emptiness. The readers above it differ only
 * in the words of their messages; the limits, the syntax and the 1-based line and column are the same.
 */
public final class YamlNodes {

    /** At most this many aliases per file: enough for shared actuators, too few for a "billion laughs". */
    static final int MAX_ALIASES = 20;
    private static final List<String> NULLS = List.of("", "~", "null", "Null", "NULL");
    private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern HEX_INT = Pattern.compile("0x[0-9a-fA-F]+");

    private YamlNodes() {}

    /**
     * Every document of {@code text}, in order, with line and column marks; {@code label} names the text in
     * snakeyaml's own messages.
     *
     * @throws YamlSyntaxException when {@code text} is not YAML or exceeds {@code maxChars}
     */
    public static List<Node> composeAll(String label, String text, int maxChars) throws YamlSyntaxException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(label)
                .setAllowDuplicateKeys(true) // each reader reports them itself, with both places
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(maxChars)
                .build();
        List<Node> documents = new ArrayList<>();
        try {
            for (Node document : new Compose(settings).composeAllFromString(text)) {
                documents.add(document);
            }
        } catch (MarkedYamlEngineException syntax) {
            throw new YamlSyntaxException(syntax.getProblem(), syntax.getProblemMark(),
                    Optional.ofNullable(syntax.getContext()), syntax.getContextMark());
        } catch (YamlEngineException syntax) {
            throw new YamlSyntaxException(syntax.getMessage(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        return documents;
    }

    /** 1-based line of {@code node}; 0 when unknown. */
    public static int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    /** 1-based column of {@code node}; 0 when unknown. */
    public static int column(Node node) {
        return node == null ? 0 : node.getStartMark().map(mark -> mark.getColumn() + 1).orElse(0);
    }

    /** Nothing written: no node, or an unquoted empty value, {@code ~}, {@code null}, {@code Null} or {@code NULL}. */
    public static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode scalar && scalar.getScalarStyle() == ScalarStyle.PLAIN
                && NULLS.contains(scalar.getValue()));
    }

    /**
     * The text of an unquoted, non-empty scalar: the only kind a number or a boolean is read from (a quoted
     * {@code "5"} is text, whatever it spells).
     */
    public static Optional<String> plain(Node node) {
        if (node instanceof ScalarNode scalar && scalar.getScalarStyle() == ScalarStyle.PLAIN && !isNull(node)) {
            return Optional.of(scalar.getValue().trim());
        }
        return Optional.empty();
    }

    /** A whole number as every file writes it: decimal with an optional sign, or hexadecimal {@code 0x1a86}. */
    public static Optional<Long> integer(String text) {
        try {
            if (DECIMAL_INT.matcher(text).matches()) {
                return Optional.of(Long.parseLong(text));
            }
            if (HEX_INT.matcher(text).matches()) {
                return Optional.of(Long.parseLong(text.substring(2), 16));
            }
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@code true}/{@code True}/{@code TRUE} or {@code false}/{@code False}/{@code FALSE} (YAML's core schema). */
    public static Optional<Boolean> bool(String text) {
        return switch (text) {
            case "true", "True", "TRUE" -> Optional.of(true);
            case "false", "False", "FALSE" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** {@code text} cut to 60 characters for a message. */
    public static String excerpt(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** Text that is not YAML: what is wrong and where (marks are 0-based, as snakeyaml gives them). */
    public static final class YamlSyntaxException extends Exception {

        private final String problem;
        private final transient Optional<Mark> problemMark;
        private final String context;
        private final transient Optional<Mark> contextMark;

        YamlSyntaxException(String problem, Optional<Mark> problemMark, Optional<String> context,
                            Optional<Mark> contextMark) {
            super(problem, null, false, false);
            this.problem = problem;
            this.problemMark = problemMark;
            this.context = context.orElse(null);
            this.contextMark = contextMark;
        }

        public String problem() {
            return problem;
        }

        public Optional<Mark> problemMark() {
            return problemMark;
        }

        public Optional<String> context() {
            return Optional.ofNullable(context);
        }

        public Optional<Mark> contextMark() {
            return contextMark;
        }
    }
}
