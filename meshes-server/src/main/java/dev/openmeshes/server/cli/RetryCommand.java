package dev.openmeshes.server.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "One more attempt now of EVENT's delivery by RULE, also of a failed or canceled one.")
final class RetryCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "EVENT")
    String eventId;

    @Parameters(index = "1", paramLabel = "RULE")
    String ruleId;

    @Override
    int execute() {
        var answer = client().request("POST", path("events", eventId, "rules", ruleId) + "/retry", Map.of(), null, null);
        printRecord(answer, answer);
        return Exit.OK;
    }
}
