package dev.openmeshes.core.mapping;

import dev.openmeshes.core.connector.FieldDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The mapping a connection has until one is saved ("generated", §5.8): each catalog field that
 * names a well-known payload key (§5.5), directly or by a common vendor spelling, is written from
 * it. HubSpot's {@code firstname}, Salesforce's {@code FirstName}, ActiveCampaign's
 * {@code firstName} and Mailchimp's {@code FNAME} all take {@code first_name}.
 */
public final class DefaultMapping {

    /** Catalog key, in snake case, → payload key. */
    private static final Map<String, String> PAYLOAD_KEY_BY_ALIAS = Map.ofEntries(
            Map.entry("email", "email"), Map.entry("email_address", "email"), Map.entry("emailaddress", "email"),
            Map.entry("e_mail", "email"),
            Map.entry("first_name", "first_name"), Map.entry("firstname", "first_name"), Map.entry("fname", "first_name"),
            Map.entry("given_name", "first_name"),
            Map.entry("last_name", "last_name"), Map.entry("lastname", "last_name"), Map.entry("lname", "last_name"),
            Map.entry("family_name", "last_name"), Map.entry("surname", "last_name"),
            Map.entry("name", "name"), Map.entry("full_name", "name"), Map.entry("fullname", "name"),
            Map.entry("phone", "phone"), Map.entry("phone_number", "phone"), Map.entry("phonenumber", "phone"),
            // not a key of §5.5, but the one more that contact payloads commonly carry
            Map.entry("company", "company"), Map.entry("company_name", "company"),
            Map.entry("id", "id"),
            Map.entry("ip_address", "ip_address"), Map.entry("ipaddress", "ip_address"), Map.entry("ip", "ip_address"),
            Map.entry("resource_url", "resource_url"));

    private DefaultMapping() {}

    public static MappingSchema generate(List<FieldDefinition> catalog) {
        List<MappingField> fields = new ArrayList<>();
        Set<String> written = new HashSet<>();
        for (FieldDefinition definition : catalog) {
            String key = definition.key();
            String payloadKey = key == null ? null : PAYLOAD_KEY_BY_ALIAS.get(snakeCase(key));
            if (payloadKey == null || definition.constraints().isReadOnly() || key.length() > 128
                    || key.indexOf('\0') >= 0 || !written.add(key) || fields.size() == MappingSchema.MAX_FIELDS) {
                continue;
            }
            fields.add(MappingField.of(key, new Source.Path(payloadKey)));
        }
        return new MappingSchema(1, fields, new MappingSchema.Meta("Generated from the field catalog", null));
    }

    /** {@code FirstName}, {@code first-name}, {@code First Name} → {@code first_name}; {@code FNAME} → {@code fname}. */
    static String snakeCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '-' || c == ' ' || c == '.') {
                c = '_';
            } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
                out.append('_');
            }
            out.append(c);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
