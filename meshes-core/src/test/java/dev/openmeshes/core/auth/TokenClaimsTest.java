package dev.openmeshes.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/** The claims reader: the fast flat-object path must judge every payload exactly as Jackson does. */
class TokenClaimsTest {

    static final String ORG = "6f1c2a7e-8d3b-4c5a-9e1f-2b3c4d5e6f70";

    @Test
    void aTokenOfTheOfficialClientsReadsAsItsClaims() {
        var claims = parse("{\"iss\":\"urn:meshes:m2m:mk_abc\",\"aud\":\"meshes-api\",\"org\":\"" + ORG
                + "\",\"iat\":1767225600,\"exp\":1767225630}");

        assertThat(claims).isEqualTo(new TokenClaims("urn:meshes:m2m:mk_abc", "meshes-api", ORG,
                Instant.ofEpochSecond(1767225600), Instant.ofEpochSecond(1767225630), null, true));
    }

    @Test
    void aClaimOfTheWrongTypeMakesTheWholeSetInvalid() {
        assertThat(parse("{\"iss\":1,\"exp\":2}").wellTyped()).isFalse();
        assertThat(parse("{\"org\":null}").wellTyped()).isFalse();
        assertThat(parse("{\"exp\":\"1767225630\"}").wellTyped()).isFalse();
        assertThat(parse("{\"iat\":true}").wellTyped()).isFalse();
        assertThat(parse("{\"exp\":1,\"exp\":\"x\",\"exp\":2}").wellTyped()).isFalse();
    }

    @Test
    void datesBeyondWhatAnInstantHoldsAreInvalidNotErrors() {
        assertThat(parse("{\"exp\":99999999999999999}").wellTyped()).isFalse();
        assertThat(parse("{\"exp\":-99999999999999999}").wellTyped()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", " { } ", "{\"exp\":0}", "{\"exp\":-5}", "{\"exp\":1767225630.5}", "{\"exp\":1.7e9}",
        "{\"aud\":[\"meshes-api\"]}", "{\"aud\":[\"meshes-api\",\"other\"]}", "{\"aud\":[]}", "{\"aud\":5}",
        "{\"iss\":\"urn:meshes:m2m:\\u006dk_abc\"}", "{\"iss\":\"caf\u00e9\"}", "{\"i\\u0073s\":\"x\"}",
        "{\"extra\":{\"nested\":[1,{\"iss\":\"inner\"}]},\"iss\":\"outer\"}", "{\"extra\":[1,2,3]}",
        "{\"flag\":true,\"other\":false,\"nothing\":null,\"n\":12}", "{\"iss\":\"a\",\"iss\":\"b\"}",
        "\t{\n\"iss\" : \"a\" ,\r\n\"exp\" :\t7 }\n", "{\"issuer\":\"a\",\"is\":\"b\",\"expires\":1}",
        "{\"exp\":123456789012345}", "{\"exp\":1234567890123456}", "{\"exp\":-0}", "{\"iss\":\"\"}",
        "{\"iss\":\"del\u007fchar\"}"
    })
    void theFastPathAgreesWithJacksonOnValidJson(String json) {
        assertThat(parse(json)).isEqualTo(TokenClaims.parseWithJackson(bytes(json)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "[]", "\"iss\"", "{", "{\"iss\"}", "{\"iss\":}", "{\"iss\":\"a\",}", "{\"iss\":\"a\"}}",
        "{\"iss\":\"a\"} x", "{\"exp\":01}", "{\"exp\":1.}", "{\"exp\":-}", "{\"exp\":tru}", "{\"iss\":\"a\" \"exp\":1}",
        "{iss:\"a\"}", "{'iss':'a'}", "{\"iss\":\"unterminated}", "{\"iss\":\"tab\there\"}", "{\"exp\":+1}",
        "{\"iss\":\"a\"}{}", "{\"exp\":NaN}"
    })
    void malformedPayloadsAreRefusedOrInvalidJustAsJacksonJudgesThem(String json) {
        assertThat(outcome(() -> parse(json))).isEqualTo(outcome(() -> TokenClaims.parseWithJackson(bytes(json))));
        assertThat(outcome(() -> parse(json))).doesNotStartWith("valid");
    }

    @Test
    void randomMutationsOfARealPayloadAreJudgedAlikeByBothPaths() {
        byte[] real = bytes("{\"iss\":\"urn:meshes:m2m:mk_abc\",\"aud\":[\"meshes-api\"],\"org\":\"" + ORG
                + "\",\"iat\":1767225600,\"exp\":1767225630,\"x\":{\"y\":[true,null,-1.5e3]}}");
        byte[] alphabet = bytes("{}[]\",:.-+0123456789eE \\tfnul");
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = real.clone();
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                mutated[random.nextInt(mutated.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            String fast = outcome(() -> TokenClaims.parse(mutated));
            String reference = outcome(() -> TokenClaims.parseWithJackson(mutated));
            assertThat(fast).as(new String(mutated, StandardCharsets.UTF_8)).isEqualTo(reference);
        }
    }

    @Test
    void nonJsonIsAJacksonError() {
        assertThatThrownBy(() -> parse("{\"iss\":")).isInstanceOf(JacksonException.class);
    }

    private static TokenClaims parse(String json) {
        return TokenClaims.parse(bytes(json));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** "valid", "invalid" (parsed but not well typed or not an object), or "error": what verification acts on. */
    private static String outcome(java.util.function.Supplier<TokenClaims> read) {
        try {
            TokenClaims claims = read.get();
            return claims.wellTyped() ? "valid:" + claims : "invalid";
        } catch (JacksonException e) {
            return "error";
        }
    }
}
