package dev.openmeshes.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import tools.jackson.databind.json.JsonMapper;

/** JSON decoded as the server decodes it (Map, List, Integer, Long, Double…), and refusal checks. */
final class JsonInput {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonInput() {}

    static Object json(String text) {
        return MAPPER.readValue(text, Object.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) {
        return (Map<String, Object>) json(text);
    }

    /** The 422 invalid_mapping the call must end in. */
    static Problem invalidMapping(ThrowingCallable call) {
        Problem problem = catchThrowableOfType(Problem.class, call);
        assertThat(problem).as("a 422 invalid_mapping Problem").isNotNull();
        assertThat(problem.kind()).as("kind of %s", problem.getMessage()).isEqualTo(Problem.Kind.UNPROCESSABLE);
        assertThat(problem.code()).isEqualTo("invalid_mapping");
        return problem;
    }

    static List<String> fields(Problem problem) {
        return problem.details().stream().map(FieldError::field).toList();
    }
}
