package io.vaultstream.antom;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks Antom request models against every rule Antom documents (required fields, maximum lengths,
 * fixed values, ISO 3166 regions, expiry, card number digits and Luhn, CVV, absolute http(s) URLs)
 * before anything is sent. Violations name the field and the rule and never carry the value.
 */
public final class RequestValidator {
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());
    private static final Set<String> TERMINAL_TYPES = Set.of("WEB", "WAP", "APP", "MINI_APP");
    private static final Set<String> OS_TYPES = Set.of("IOS", "ANDROID");
    /** Compiled once: {@code String.matches} compiles its pattern on every call. */
    private static final Pattern EXPIRY_MONTH = Pattern.compile("0[1-9]|1[0-2]");
    private static final Pattern TWO_DIGITS = Pattern.compile("[0-9]{2}");
    private static final Pattern CVV = Pattern.compile("[0-9]{3,4}");
    private static final Pattern SCREEN_NUMBER = Pattern.compile("[0-9]{1,6}");

    private RequestValidator() {}

    /** The violations of a request model; empty when it may be sent. Unknown types are a violation of the root. */
    public static List<Violation> validate(Object request) {
        Checker c = new Checker();
        if (request instanceof VaultPaymentMethodRequest r) {
            vault(r, c);
        } else if (request instanceof CreateVaultingSessionRequest r) {
            session(r, c);
        } else if (request instanceof InquireVaultingRequest r) {
            c.required("vaultingRequestId", r.vaultingRequestId(), 64);
            c.optional("merchantAccountId", r.merchantAccountId(), 64);
        } else {
            c.add("request", request == null ? "required" : "must be an Antom request model");
        }
        return List.copyOf(c.violations);
    }

    /** True when the number is all digits and passes the Luhn check. */
    public static boolean luhn(String digits) {
        if (digits == null || digits.isEmpty()) {
            return false;
        }
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            char ch = digits.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
            int d = ch - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    private static void vault(VaultPaymentMethodRequest r, Checker c) {
        c.required("vaultingRequestId", r.vaultingRequestId(), 64);
        c.url("vaultingNotificationUrl", r.vaultingNotificationUrl(), true);
        c.url("redirectUrl", r.redirectUrl(), true);
        c.region("merchantRegion", r.merchantRegion(), false);
        c.optional("merchantAccountId", r.merchantAccountId(), 64);
        PaymentMethodDetail pmd = r.paymentMethodDetail();
        if (pmd == null) {
            c.add("paymentMethodDetail", "required");
        } else {
            c.card("paymentMethodDetail.paymentMethodType", pmd.paymentMethodType());
            card(pmd.card(), c);
        }
        if (r.env() == null) {
            c.add("env", "required");
        } else {
            env(r.env(), c);
        }
    }

    private static void card(Card card, Checker c) {
        final String p = "paymentMethodDetail.card"; // a constant: the field names below are folded at compile time
        if (card == null) {
            c.add(p, "required");
            return;
        }
        if (c.required(p + ".cardNo", card.cardNo(), 32)) {
            String no = card.cardNo();
            if (!allDigits(no)) {
                c.add(p + ".cardNo", "must contain digits only");
            } else if (no.length() < 12 || no.length() > 19) {
                c.add(p + ".cardNo", "must have 12 to 19 digits");
            } else if (!luhn(no)) {
                c.add(p + ".cardNo", "fails the Luhn check");
            }
        }
        if (c.required(p + ".expiryMonth", card.expiryMonth(), 2) && !EXPIRY_MONTH.matcher(card.expiryMonth()).matches()) {
            c.add(p + ".expiryMonth", "must be two digits 01 to 12");
        }
        if (c.required(p + ".expiryYear", card.expiryYear(), 2) && !TWO_DIGITS.matcher(card.expiryYear()).matches()) {
            c.add(p + ".expiryYear", "must be the last two digits of the year");
        }
        if (card.cvv() != null && !CVV.matcher(card.cvv()).matches()) {
            c.add(p + ".cvv", "must be 3 or 4 digits");
        }
        CardholderName n = card.cardholderName();
        if (n != null) {
            c.optional(p + ".cardholderName.firstName", n.firstName(), 32);
            c.optional(p + ".cardholderName.middleName", n.middleName(), 32);
            c.optional(p + ".cardholderName.lastName", n.lastName(), 32);
            c.optional(p + ".cardholderName.fullName", n.fullName(), 128);
        }
        BillingAddress a = card.billingAddress();
        if (a != null) {
            c.region(p + ".billingAddress.region", a.region(), true);
            c.optional(p + ".billingAddress.state", a.state(), 8);
            c.optional(p + ".billingAddress.city", a.city(), 32);
            c.optional(p + ".billingAddress.address1", a.address1(), 256);
            c.optional(p + ".billingAddress.address2", a.address2(), 256);
            c.optional(p + ".billingAddress.zipCode", a.zipCode(), 32);
        }
    }

    private static void env(Env env, Checker c) {
        if (env.terminalType() != null && !TERMINAL_TYPES.contains(env.terminalType())) {
            c.add("env.terminalType", "must be one of " + TERMINAL_TYPES.stream().sorted().toList());
        }
        if (env.osType() != null && !OS_TYPES.contains(env.osType())) {
            c.add("env.osType", "must be one of [ANDROID, IOS]");
        }
        c.optional("env.deviceTokenId", env.deviceTokenId(), 64);
        c.optional("env.deviceBrand", env.deviceBrand(), 64);
        c.optional("env.deviceModel", env.deviceModel(), 128);
        if (env.timeZoneOffset() != null) {
            try {
                int offset = Integer.parseInt(env.timeZoneOffset().trim());
                if (offset < -720 || offset > 720) {
                    c.add("env.timeZoneOffset", "must be between -720 and 720");
                }
            } catch (NumberFormatException e) {
                c.add("env.timeZoneOffset", "must be an integer between -720 and 720");
            }
        }
        for (String[] n : new String[][] {{"env.colorDepth", env.colorDepth()}, {"env.screenHeight", env.screenHeight()},
                {"env.screenWidth", env.screenWidth()}}) {
            if (n[1] != null && !SCREEN_NUMBER.matcher(n[1]).matches()) {
                c.add(n[0], "must be a non-negative integer");
            }
        }
    }

    private static void session(CreateVaultingSessionRequest r, Checker c) {
        if (r.paymentMethodType() == null) {
            c.add("paymentMethodType", "required");
        } else {
            c.card("paymentMethodType", r.paymentMethodType());
        }
        c.required("vaultingRequestId", r.vaultingRequestId(), 64);
        c.url("vaultingNotificationUrl", r.vaultingNotificationUrl(), true);
        c.url("redirectUrl", r.redirectUrl(), false);
        c.region("merchantRegion", r.merchantRegion(), false);
    }

    /** Collects violations; each helper returns whether the value is present and short enough for further checks. */
    private static final class Checker {
        final List<Violation> violations = new ArrayList<>();

        void add(String field, String rule) {
            violations.add(new Violation(field, rule));
        }

        boolean required(String field, String value, int max) {
            if (value == null || value.isBlank()) {
                add(field, "required");
                return false;
            }
            return optional(field, value, max);
        }

        boolean optional(String field, String value, int max) {
            if (value != null && value.length() > max) {
                add(field, "at most " + max + " characters");
                return false;
            }
            return value != null;
        }

        void card(String field, String value) {
            if (value == null) {
                add(field, "required");
            } else if (!PaymentMethodDetail.CARD.equals(value)) {
                add(field, "must be CARD");
            }
        }

        void region(String field, String value, boolean required) {
            if (value == null) {
                if (required) {
                    add(field, "required");
                }
            } else if (value.length() != 2 || !REGIONS.contains(value)) {
                add(field, "must be an ISO 3166 alpha-2 region code");
            }
        }

        void url(String field, String value, boolean required) {
            boolean present = required ? required(field, value, 2048) : optional(field, value, 2048);
            if (!present) {
                return;
            }
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    add(field, "must be an absolute http(s) URL");
                }
            } catch (URISyntaxException e) {
                add(field, "must be an absolute http(s) URL");
            }
        }
    }
}
