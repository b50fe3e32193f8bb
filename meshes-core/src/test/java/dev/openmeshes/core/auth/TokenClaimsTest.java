package dev.openmeshes.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/** The claims reader: what each payload reads as, and that nothing malformed reads as valid. */
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

    @Test
    void anAudienceIsAStringOrAOneElementArrayOfOne() {
        assertThat(parse("{\"aud\":[\"meshes-api\"]}").audience()).isEqualTo("meshes-api");
        assertThat(parse("{\"aud\":[\"meshes-api\",\"other\"]}").audience()).isNull();
        assertThat(parse("{\"aud\":[]}").audience()).isNull();
        assertThat(parse("{\"aud\":5}").audience()).isNull();
    }

    @Test
    void datesMayBeFractionalOrNegativeSeconds() {
        assertThat(parse("{\"exp\":1767225630.5}").expiresAt()).isEqualTo(Instant.ofEpochMilli(1767225630500L));
        assertThat(parse("{\"exp\":1.7e9}").expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThat(parse("{\"exp\":-5}").expiresAt()).isEqualTo(Instant.ofEpochSecond(-5));
        assertThat(parse("{\"exp\":-0}").expiresAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void escapesAndNonAsciiReadAsTheCharactersTheyEncode() {
        assertThat(parse("{\"iss\":\"urn:meshes:m2m:\\u006dk_abc\"}").issuer()).isEqualTo("urn:meshes:m2m:mk_abc");
        assertThat(parse("{\"i\\u0073s\":\"x\"}").issuer()).isEqualTo("x");
        assertThat(parse("{\"iss\":\"caf\u00e9\"}").issuer()).isEqualTo("caf\u00e9");
    }

    @Test
    void theLastOccurrenceOfAClaimWinsAndNestedOrUnknownMembersAreIgnored() {
        assertThat(parse("{\"iss\":\"a\",\"iss\":\"b\"}").issuer()).isEqualTo("b");
        var claims = parse("{\"extra\":{\"nested\":[1,{\"iss\":\"inner\"}]},\"iss\":\"outer\",\"issuer\":\"no\","
                + "\"flag\":true,\"nothing\":null}");
        assertThat(claims.issuer()).isEqualTo("outer");
        assertThat(claims.wellTyped()).isTrue();
        assertThat(parse("\t{\n\"iss\" : \"a\" ,\r\n\"exp\" :\t7 }\n"))
                .isEqualTo(new TokenClaims("a", null, null, null, Instant.ofEpochSecond(7), null, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "[]", "\"iss\"", "{", "{\"iss\"}", "{\"iss\":}", "{\"iss\":\"a\",}", "{\"iss\":\"a\"}}",
        "{\"iss\":\"a\"} x", "{\"exp\":01}", "{\"exp\":1.}", "{\"exp\":-}", "{\"exp\":tru}", "{\"iss\":\"a\" \"exp\":1}",
        "{iss:\"a\"}", "{'iss':'a'}", "{\"iss\":\"unterminated}", "{\"iss\":\"tab\there\"}", "{\"exp\":+1}",
        "{\"iss\":\"a\"}{}", "{\"exp\":NaN}"
    })
    void malformedPayloadsAreRefusedOrInvalidNeverValid(String json) {
        assertThat(outcome(() -> parse(json))).isIn("error", "invalid");
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
