package io.vaultstream.antom;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of Antom's {@code notifyVaulting}. Fields Antom may add later are kept in
 * {@link #extra()} and written back, never fatal.
 */
public final class VaultingNotification {
    private final Result result;
    private final String vaultingRequestId;
    private final PaymentMethodDetail paymentMethodDetail;
    private final String metadata;
    private final String vaultingCreateTime;
    private final String vaultingStatus;
    private final JsonNode acquirerInfo;
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();

    @JsonCreator
    public VaultingNotification(
            @JsonProperty("result") Result result,
            @JsonProperty("vaultingRequestId") String vaultingRequestId,
            @JsonProperty("paymentMethodDetail") PaymentMethodDetail paymentMethodDetail,
            @JsonProperty("metadata") String metadata,
            @JsonProperty("vaultingCreateTime") String vaultingCreateTime,
            @JsonProperty("vaultingStatus") String vaultingStatus,
            @JsonProperty("acquirerInfo") JsonNode acquirerInfo) {
        this.result = result;
        this.vaultingRequestId = vaultingRequestId;
        this.paymentMethodDetail = paymentMethodDetail;
        this.metadata = metadata;
        this.vaultingCreateTime = vaultingCreateTime;
        this.vaultingStatus = vaultingStatus;
        this.acquirerInfo = acquirerInfo;
    }

    @JsonProperty public Result result() { return result; }
    @JsonProperty public String vaultingRequestId() { return vaultingRequestId; }
    @JsonProperty public PaymentMethodDetail paymentMethodDetail() { return paymentMethodDetail; }
    @JsonProperty public String metadata() { return metadata; }
    @JsonProperty public String vaultingCreateTime() { return vaultingCreateTime; }
    @JsonProperty public String vaultingStatus() { return vaultingStatus; }
    @JsonProperty public JsonNode acquirerInfo() { return acquirerInfo; }

    /** Fields this version does not know. */
    @JsonAnyGetter
    public Map<String, JsonNode> extra() {
        return extra;
    }

    @JsonAnySetter
    void put(String name, JsonNode value) {
        extra.put(name, value);
    }

    @Override
    public String toString() {
        return "VaultingNotification[vaultingRequestId=" + vaultingRequestId + ", result=" + result + ", vaultingStatus=" + vaultingStatus
                + ", card=" + (paymentMethodDetail == null ? null : paymentMethodDetail.card()) + "]";
    }
}
