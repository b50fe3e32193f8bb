package dev.openmeshes.server.api;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.people.Role;
import dev.openmeshes.core.service.UsageService;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Usage per month and day: any organization's for the platform admin
 * ({@code /api/v1/organizations/{id}/usage}), its own for an organization's admins ({@code /api/v1/usage}).
 * {@code ?from=YYYY-MM&to=YYYY-MM} (UTC months, both included, at most {@link UsageService#MONTHS_KEPT});
 * both default to the current month, {@code from} to {@code to}.
 */
final class UsageEndpoints {

    private final UsageService usage;
    private final InstantSource clock;

    UsageEndpoints(UsageService usage, InstantSource clock) {
        this.usage = usage;
        this.clock = clock;
    }

    void register(RouteTable routes, Api api) {
        routes.get("/api/v1/organizations/{organization_id}/usage",
                      api.platform(call -> report(call, call.pathId("organization_id"))))
              .get("/api/v1/usage", api.authenticated(call -> report(call, ownOrganization(call.principal()))));
    }

    /**
     * Owners and admins see their organization's usage: the {@code admin} scope (owners, owner
     * keys, a platform admin acting in it) or every scope of the admin role (admins, and keys
     * holding as much).
     */
    private static UUID ownOrganization(Principal caller) {
        if (!caller.scopes().contains(Scopes.ADMIN) && !caller.isPlatformAdmin()
                && !caller.scopes().containsAll(Role.ADMIN.scopes())) {
            throw Problem.forbidden("insufficient_scope",
                    "An organization's usage is for its owners and admins (the admin scope, or every scope of the admin role)");
        }
        return caller.organizationId();
    }

    private Reply report(Call call, UUID organizationId) {
        YearMonth to = month(call, "to", YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)));
        YearMonth from = month(call, "from", to);
        if (from.isAfter(to)) {
            throw Problem.invalid("from", "must not be after to");
        }
        if (from.plusMonths(UsageService.MONTHS_KEPT).isBefore(to.plusMonths(1))) {
            throw Problem.invalid("from", "must be at most " + UsageService.MONTHS_KEPT + " months before to, both included");
        }
        return Reply.ok(UsageViews.Report.of(usage.report(organizationId, from, to)));
    }

    private static YearMonth month(Call call, String name, YearMonth otherwise) {
        return call.query(name).map(text -> {
            try {
                return YearMonth.parse(text);
            } catch (DateTimeParseException e) {
                throw Problem.invalid(name, "must be a month as YYYY-MM");
            }
        }).orElse(otherwise);
    }
}
