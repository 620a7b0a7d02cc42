package org.massaged.controller.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming codec against Jackson's own ObjectMapper, which the daemon no longer loads, as the oracle. */
class JsonCodecTest {

    private static final long SEED = 20261130L;
    private final JsonCodec codec = new JsonCodec();
    private final ObjectMapper oracle = new ObjectMapper();

    @Test
    void writesAndReadsEveryRandomTreeAsObjectMapperDoes() throws Exception {
        System.out.println("JsonCodecTest seed " + SEED);
        Random random = new Random(SEED);
        for (int i = 0; i < 2_000; i++) {
            JsonNode tree = randomValue(random, 0);
            String written = codec.write(tree);
            assertThat(written).as("tree %d", i).isEqualTo(oracle.writeValueAsString(tree));
            assertThat(codec.read(written)).as("tree %d read back", i).isEqualTo(oracle.readTree(written));
            assertThat(new String(codec.bytes(tree), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(written);
        }
    }

    @Test
    void readsNumbersAsTheOracleDoesAndExactlyWhenAsked() throws Exception {
        ObjectMapper exactOracle = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        for (String number : new String[] {"0", "-7", "2147483648", "99999999999999999999", "1.5", "1e309", "-1e30",
                "0.1000", "3E-5"}) {
            assertThat(codec.read(number)).as(number).isEqualTo(oracle.readTree(number));
            assertThat(JsonCodec.exactDecimals().read(number).decimalValue()).as(number + " exactly")
                    .isEqualByComparingTo(exactOracle.readTree(number).decimalValue());
        }
        assertThat(JsonCodec.exactDecimals().read("1e309").decimalValue()).isEqualByComparingTo(new BigDecimal("1e309"));
        assertThat(codec.read("1e309").doubleValue()).isInfinite();
    }

    @Test
    void refusesARepeatedFieldAndAnythingAfterTheValueWithWhere() {
        assertThatThrownBy(() -> codec.read("{\"a\":1,\"a\":2}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> codec.read("{\"a\":1} {\"b\":2}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Trailing token (of type START_OBJECT)")
                .satisfies(e -> assertThat(((JsonProcessingException) e).getLocation().getColumnNr()).isEqualTo(10));
        assertThatThrownBy(() -> codec.read("{\"a\":")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void nothingButWhiteSpaceIsMissingNotAnError() throws Exception {
        assertThat(codec.read("  \n").isMissingNode()).isTrue();
    }

    @Test
    void nestingIsBoundedByTheParserNotByTheStack() throws Exception {
        String deepest = "[".repeat(1000) + "]".repeat(1000);
        JsonNode node = codec.read(deepest);
        int depth = 0;
        while (node.isArray() && node.size() == 1) {
            node = node.get(0);
            depth++;
        }
        assertThat(depth).isEqualTo(999);
        assertThatThrownBy(() -> codec.read("[".repeat(1001) + "]".repeat(1001)))
                .isInstanceOf(StreamConstraintsException.class);
    }

    private static JsonNode randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 7 : 9);
        return switch (kind) {
            case 0 -> JsonCodec.object().textNode(randomText(random));
            case 1 -> JsonCodec.object().numberNode(random.nextInt());
            case 2 -> JsonCodec.object().numberNode(random.nextLong());
            case 3 -> JsonCodec.object().numberNode(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> JsonCodec.object().numberNode(new BigInteger(90, random));
            case 5 -> JsonCodec.object().booleanNode(random.nextBoolean());
            case 6 -> JsonCodec.object().nullNode();
            case 7 -> fill(JsonCodec.object(), random, depth);
            default -> fill(JsonCodec.array(), random, depth);
        };
    }

    private static ContainerNode<?> fill(ContainerNode<?> container, Random random, int depth) {
        for (int n = random.nextInt(5); n > 0; n--) {
            JsonNode value = randomValue(random, depth + 1);
            if (container instanceof ObjectNode object) {
                object.set(randomText(random) + n, value);
            } else {
                ((ArrayNode) container).add(value);
            }
        }
        return container;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(8); n > 0; n--) {
            text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20) : 0x20 + random.nextInt(0x2F00));
        }
        return text.toString();
    }
}
