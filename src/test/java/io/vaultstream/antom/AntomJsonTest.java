package io.vaultstream.antom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AntomJsonTest {
    private final ObjectMapper mapper = AntomJson.mapper();

    @Test
    void requestsSendStringsAndBooleansAsBooleansAndOmitAbsentFields() throws Exception {
        JsonNode session = mapper.valueToTree(Requests.session("s-1"));
        assertThat(session.get("is3DSAuthentication").isBoolean()).isTrue();
        assertThat(session.has("merchantAccountId")).isFalse();

        Env env = new Env("WEB", null, null, null, "1.2.3.4", new BrowserInfo("*/*", false, true, "en", "ua"), "24", "1080", "1920",
                "-60", null, null, null, null);
        JsonNode e = mapper.valueToTree(env);
        assertThat(e.get("browserInfo").get("javaEnabled").isBoolean()).isTrue();
        assertThat(e.get("timeZoneOffset").isTextual()).isTrue();
        assertThat(e.has("osType")).isFalse();
    }

    @Test
    void readsStringAndNativeFormsOfBooleansAndNumbers() throws Exception {
        CreateVaultingSessionRequest a = mapper.readValue("{\"is3DSAuthentication\":\"true\"}", CreateVaultingSessionRequest.class);
        CreateVaultingSessionRequest b = mapper.readValue("{\"is3DSAuthentication\":true}", CreateVaultingSessionRequest.class);
        assertThat(a.is3DSAuthentication()).isTrue();
        assertThat(b.is3DSAuthentication()).isTrue();
        Env env = mapper.readValue("{\"timeZoneOffset\":-60,\"colorDepth\":\"24\",\"browserInfo\":{\"javaEnabled\":\"false\"}}", Env.class);
        assertThat(env.timeZoneOffset()).isEqualTo("-60");
        assertThat(env.browserInfo().javaEnabled()).isFalse();
    }

    @Test
    void responsesTolerateUnknownFieldsAndKeepUnknownBrandsAndStatuses() throws Exception {
        AntomResponse r = mapper.readValue("""
                {"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success","extra":1},
                 "vaultingStatus":"SOMETHING_NEW","newField":{"x":1},
                 "paymentMethodDetail":{"paymentMethodType":"CARD","card":{"brand":"NEWBRAND","cardToken":"tok","maskedCardNo":"****1111"}}}
                """, AntomResponse.class);
        assertThat(r.card().brand()).isEqualTo("NEWBRAND");
        assertThat(r.vaultingStatus()).isEqualTo("SOMETHING_NEW");
        assertThat(r.result().resultStatus()).isEqualTo("S");
    }

    @Test
    void notificationKeepsUnknownFieldsWhenWrittenBack() throws Exception {
        VaultingNotification n = mapper.readValue("{\"vaultingRequestId\":\"v\",\"futureField\":{\"a\":1}}", VaultingNotification.class);
        assertThat(n.extra()).containsKey("futureField");
        assertThat(mapper.writeValueAsString(n)).contains("futureField");
    }

    @Test
    void toStringOfModelsNeverRevealsCardData() {
        VaultPaymentMethodRequest r = Requests.vault("v-1");
        AntomResponse resp = new AntomResponse(Result.success(), "v-1", PaymentMethodDetail.card(Card.vaulted("tok_SECRET", "****4242", "VISA")),
                null, null, null, "SESSIONDATA", null, null, null, null, null);
        assertThat(r.toString() + resp)
                .doesNotContain(Requests.PAN, Requests.CVV, "Secret Street", "Lovelace", "N1 9GU", "tok_SECRET", "SESSIONDATA", "203.0.113.9");
    }
}
