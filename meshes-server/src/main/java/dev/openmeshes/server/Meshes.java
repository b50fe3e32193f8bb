package dev.openmeshes.server;

import dev.openmeshes.connectors.activecampaign.ActiveCampaignConnector;
import dev.openmeshes.connectors.aweber.AWeberConnector;
import dev.openmeshes.connectors.customerio.CustomerIoConnector;
import dev.openmeshes.connectors.discord.DiscordConnector;
import dev.openmeshes.connectors.http.HttpOptions;
import dev.openmeshes.connectors.http.PooledHttp;
import dev.openmeshes.connectors.hubspot.HubSpotConnector;
import dev.openmeshes.connectors.intercom.IntercomConnector;
import dev.openmeshes.connectors.mailchimp.MailchimpConnector;
import dev.openmeshes.connectors.mailerlite.MailerLiteConnector;
import dev.openmeshes.connectors.pipedrive.PipedriveConnector;
import dev.openmeshes.connectors.resend.ResendConnector;
import dev.openmeshes.connectors.salesforce.SalesforceConnector;
import dev.openmeshes.connectors.sendgrid.SendGridConnector;
import dev.openmeshes.connectors.slack.SlackConnector;
import dev.openmeshes.connectors.webhook.DestinationGuard;
import dev.openmeshes.connectors.webhook.WebhookConnector;
import dev.openmeshes.connectors.webhook.WebhookOptions;
import dev.openmeshes.connectors.zoom.ZoomConnector;
import dev.openmeshes.core.auth.MachineTokenAuthenticator;
import dev.openmeshes.core.auth.OrganizationGate;
import dev.openmeshes.core.auth.PublishableKeyAuthenticator;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.Connectors;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.delivery.ConnectorCalls;
import dev.openmeshes.core.embed.EmbedAuthenticator;
import dev.openmeshes.core.embed.EmbedSessionService;
import dev.openmeshes.core.people.PasswordHasher;
import dev.openmeshes.core.people.PeopleService;
import dev.openmeshes.core.people.UserSessions;
import dev.openmeshes.core.service.Bootstrap;
import dev.openmeshes.core.service.ConnectionContexts;
import dev.openmeshes.core.service.ConnectionSecrets;
import dev.openmeshes.core.service.ConnectionService;
import dev.openmeshes.core.service.FieldCatalogService;
import dev.openmeshes.core.service.KeyService;
import dev.openmeshes.core.service.MappingService;
import dev.openmeshes.core.service.OAuthTokens;
import dev.openmeshes.core.service.OrganizationPurger;
import dev.openmeshes.core.service.OrganizationService;
import dev.openmeshes.core.service.RuleService;
import dev.openmeshes.core.service.UsageService;
import dev.openmeshes.core.service.WorkspaceService;
import dev.openmeshes.core.store.Store;
import dev.openmeshes.store.Stores;
import java.time.Clock;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The application without its HTTP edge and delivery engine: the store, the master key, the
 * connectors and the services wired together. The server and the command-line tools both start here.
 */
public record Meshes(Store store, SecretBox secretBox, InstantSource clock, Connectors connectors,
                     PooledHttp http, PooledHttp guardedHttp, Map<String, ConnectorSettings> connectorSettings, OAuthTokens tokens,
                     ConnectorCalls calls, MachineTokenAuthenticator authenticator, PublishableKeyAuthenticator publishableKeys,
                     WorkspaceService workspaces, KeyService keys, ConnectionService connections,
                     FieldCatalogService fieldCatalogs, MappingService mappings, RuleService rules,
                     Bootstrap bootstrap, EmbedAuthenticator embedAuthenticator, EmbedSessionService embedSessions,
                     PeopleService people, UserSessions sessions, OrganizationGate organizationGate,
                     OrganizationService organizations, OrganizationPurger purger, UsageService usage) implements AutoCloseable {

    public static Meshes open(ServerSettings settings) {
        SecretBox secretBox = MasterKey.load(settings);
        Store store = Stores.open(settings.storeConfig());
        try {
            MasterKey.checkAgainst(store, secretBox);
            InstantSource clock = InstantSource.system();
            WebhookOptions webhook = ConnectorEnv.webhook(new Env(settings.env()));
            var connectors = new Connectors(connectors(webhook));
            Map<String, ConnectorSettings> connectorSettings = ConnectorEnv.read(new Env(settings.env()),
                    connectors.all().stream().map(Connector::type).toList(), connectors.all().stream()
                            .collect(Collectors.toMap(Connector::type, c -> c.spec().operatorSecrets())));
            Function<String, ConnectorSettings> settingsOf = type -> connectorSettings.getOrDefault(type,
                    ConnectorSettings.defaults(type));
            var http = new PooledHttp(HttpOptions.vendorDefaults(), Clock.systemUTC());
            var guardedHttp = new PooledHttp(HttpOptions.vendorDefaults(), new DestinationGuard(webhook.allowList()),
                    Clock.systemUTC());
            var secrets = new ConnectionSecrets(secretBox);
            var tokens = new OAuthTokens(store, secretBox, connectors, http, clock, settingsOf);
            var contexts = new ConnectionContexts(connectors, secrets, tokens, http, guardedHttp, clock, settingsOf);
            var authenticator = new MachineTokenAuthenticator(store.machineKeys(), secretBox, clock);
            var keys = new KeyService(store, secretBox, clock, authenticator::forget);
            var connections = new ConnectionService(store, connectors, secrets, contexts, tokens, clock);
            var publishableKeys = new PublishableKeyAuthenticator(store.workspaces(), clock);
            var catalogs = new FieldCatalogService(store, connections, clock);
            var mappings = new MappingService(store, connections, catalogs, connectors, clock);
            var embedAuthenticator = new EmbedAuthenticator(store.embedSessions(), clock);
            var sessions = new UserSessions(store.people(), secretBox.derivedKey("session cookie signing"),
                    secretBox.derivedKey("csrf tokens"), clock);
            var people = new PeopleService(store, new PasswordHasher(), clock, settings.signup(), sessions::forget);
            var bootstrap = new Bootstrap(store, keys, clock);
            var gate = new OrganizationGate(store.organizations());
            var purger = new OrganizationPurger(store, gate, clock);
            return new Meshes(store, secretBox, clock, connectors, http, guardedHttp, connectorSettings, tokens,
                    new ConnectorCalls(store, contexts, tokens, mappings, clock), authenticator, publishableKeys,
                    new WorkspaceService(store, clock, publishableKeys::forget), keys,
                    connections, catalogs, mappings,
                    new RuleService(store, connections, clock), bootstrap, embedAuthenticator,
                    new EmbedSessionService(store, embedAuthenticator, clock), people, sessions, gate,
                    new OrganizationService(store, bootstrap, gate, clock, purger::purge), purger, new UsageService(store));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Every connection type this server delivers to: one connector each. */
    private static List<Connector> connectors(WebhookOptions webhook) {
        return List.of(new WebhookConnector(webhook), new ActiveCampaignConnector(), new AWeberConnector(),
                new CustomerIoConnector(), new DiscordConnector(), new HubSpotConnector(), new IntercomConnector(),
                new MailchimpConnector(), new MailerLiteConnector(), new PipedriveConnector(), new ResendConnector(),
                new SalesforceConnector(), new SendGridConnector(), new SlackConnector(), new ZoomConnector());
    }

    /** A connection type's settings (defaults when none are configured). */
    public ConnectorSettings connectorSettings(String type) {
        return connectorSettings.getOrDefault(type, ConnectorSettings.defaults(type));
    }

    @Override
    public void close() {
        connectors.all().forEach(c -> {
            if (c instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.getLogger(Meshes.class.getName()).log(System.Logger.Level.WARNING, "closing a connector failed", e);
                }
            }
        });
        purger.close();
        http.close();
        guardedHttp.close();
        store.close();
    }
}
