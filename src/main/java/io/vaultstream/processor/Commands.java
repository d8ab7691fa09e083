package io.vaultstream.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.AntomJson;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.InquireVaultingRequest;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.antom.Violation;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardDecryptionException;
import io.vaultstream.crypto.SealedBytes;
import io.vaultstream.events.CreateVaultingSession;
import io.vaultstream.events.EncryptedCard;
import io.vaultstream.events.InquireVaulting;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultPaymentMethod;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Converts between Antom request bodies and {@link VaultCommand} events: the card object (all but its
 * brand) travels sealed with the keyring's primary key, bound to the vaultingRequestId, and is opened
 * only when the request is built just before the call.
 */
public final class Commands {

    public static final String VAULT_PAYMENT_METHOD = "VAULT_PAYMENT_METHOD";
    public static final String CREATE_VAULTING_SESSION = "CREATE_VAULTING_SESSION";
    public static final String INQUIRE_VAULTING = "INQUIRE_VAULTING";

    private static final ObjectMapper JSON = AntomJson.mapper();
    /** Readers bound to their type once, so a command's card and env parse without a per-call type lookup. */
    private static final ObjectReader CARD_READER = JSON.readerFor(Card.class);
    private static final ObjectReader ENV_READER = JSON.readerFor(Env.class);

    private Commands() {}

    /** A vaultPaymentMethod command; the card (brand excepted) is encrypted with the primary key. */
    public static VaultCommand vault(VaultPaymentMethodRequest r, CardCipher cipher, String origin, String traceparent, Instant now) {
        Card card = r.paymentMethodDetail() == null ? null : r.paymentMethodDetail().card();
        String brand = card == null ? null : card.brand();
        byte[] plain;
        try {
            plain = JSON.writeValueAsBytes(card == null ? null
                    : new Card(card.cardNo(), null, card.cardholderName(), card.expiryYear(), card.expiryMonth(), card.cvv(),
                            card.billingAddress(), null, null, null, null, null));
            SealedBytes sealed = cipher.encrypt(plain, aad(r.vaultingRequestId()));
            java.util.Arrays.fill(plain, (byte) 0);
            String env = r.env() == null ? "{}" : JSON.writeValueAsString(r.env());
            VaultPaymentMethod action = VaultPaymentMethod.newBuilder()
                    .setVaultingNotificationUrl(r.vaultingNotificationUrl())
                    .setRedirectUrl(r.redirectUrl() == null ? "" : r.redirectUrl())
                    .setMerchantRegion(r.merchantRegion())
                    .setMerchantAccountId(r.merchantAccountId())
                    .setPaymentMethodType(r.paymentMethodDetail() == null || r.paymentMethodDetail().paymentMethodType() == null
                            ? PaymentMethodDetail.CARD : r.paymentMethodDetail().paymentMethodType())
                    .setCard(EncryptedCard.newBuilder().setBrand(brand).setKeyId(sealed.keyId())
                            .setNonce(ByteBuffer.wrap(sealed.nonce())).setCiphertext(ByteBuffer.wrap(sealed.ciphertext())).build())
                    .setEnvJson(env)
                    .setMetadataJson(r.metadata())
                    .build();
            return command(r.vaultingRequestId(), action, origin, traceparent, now);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request cannot be serialised (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A createVaultingSession command (no card data). */
    public static VaultCommand session(CreateVaultingSessionRequest r, String origin, String traceparent, Instant now) {
        CreateVaultingSession action = CreateVaultingSession.newBuilder()
                .setPaymentMethodType(r.paymentMethodType() == null ? PaymentMethodDetail.CARD : r.paymentMethodType())
                .setVaultingNotificationUrl(r.vaultingNotificationUrl())
                .setRedirectUrl(r.redirectUrl())
                .setMerchantRegion(r.merchantRegion())
                .setIs3DSAuthentication(r.is3DSAuthentication())
                .build();
        return command(r.vaultingRequestId(), action, origin, traceparent, now);
    }

    /** An inquireVaulting command. */
    public static VaultCommand inquire(String vaultingRequestId, String merchantAccountId, String origin, String traceparent, Instant now) {
        return command(vaultingRequestId, InquireVaulting.newBuilder().setMerchantAccountId(merchantAccountId).build(), origin, traceparent, now);
    }

    private static VaultCommand command(String id, Object action, String origin, String traceparent, Instant now) {
        return VaultCommand.newBuilder()
                .setVaultingRequestId(id)
                .setCommandId(UUID.randomUUID().toString())
                .setCreatedAt(now)
                .setTraceparent(traceparent)
                .setOrigin(origin)
                .setAction(action)
                .build();
    }

    /** VAULT_PAYMENT_METHOD, CREATE_VAULTING_SESSION or INQUIRE_VAULTING. */
    public static String commandType(VaultCommand c) {
        Object a = c.getAction();
        if (a instanceof VaultPaymentMethod) {
            return VAULT_PAYMENT_METHOD;
        }
        return a instanceof CreateVaultingSession ? CREATE_VAULTING_SESSION : INQUIRE_VAULTING;
    }

    /** The Antom API a command calls first. */
    public static AntomAction action(VaultCommand c) {
        return switch (commandType(c)) {
            case VAULT_PAYMENT_METHOD -> AntomAction.VAULT_PAYMENT_METHOD;
            case CREATE_VAULTING_SESSION -> AntomAction.CREATE_VAULTING_SESSION;
            default -> AntomAction.INQUIRE_VAULTING;
        };
    }

    /**
     * The Antom request for a command, with the card decrypted and a missing notification URL filled.
     *
     * @throws CardDecryptionException the card cannot be opened (poison)
     * @throws CommandRejectedException the command cannot form a request (e.g. env is not JSON)
     */
    public static Object toRequest(VaultCommand c, CardCipher cipher, String defaultNotificationUrl)
            throws CardDecryptionException, CommandRejectedException {
        String id = c.getVaultingRequestId();
        Object a = c.getAction();
        if (a instanceof VaultPaymentMethod v) {
            EncryptedCard e = v.getCard();
            byte[] plain = cipher.decrypt(new SealedBytes(e.getKeyId(), bytes(e.getNonce()), bytes(e.getCiphertext())), aad(id));
            Card card;
            Env env;
            try {
                card = CARD_READER.readValue(plain);
            } catch (IOException ex) {
                throw new CardDecryptionException("decrypted card is not a card object");
            } finally {
                java.util.Arrays.fill(plain, (byte) 0);
            }
            try {
                env = ENV_READER.readValue(v.getEnvJson());
            } catch (IOException ex) {
                throw new CommandRejectedException(List.of(new Violation("env", "must be a JSON object")));
            }
            Card withBrand = card == null ? null : new Card(card.cardNo(), e.getBrand(), card.cardholderName(), card.expiryYear(),
                    card.expiryMonth(), card.cvv(), card.billingAddress(), null, null, null, null, null);
            return new VaultPaymentMethodRequest(id, fill(v.getVaultingNotificationUrl(), defaultNotificationUrl), v.getRedirectUrl(),
                    v.getMerchantRegion(), new PaymentMethodDetail(v.getPaymentMethodType(), withBrand), env, v.getMerchantAccountId(),
                    v.getMetadataJson());
        }
        if (a instanceof CreateVaultingSession s) {
            return new CreateVaultingSessionRequest(s.getPaymentMethodType(), id, fill(s.getVaultingNotificationUrl(), defaultNotificationUrl),
                    s.getRedirectUrl(), s.getMerchantRegion(), s.getIs3DSAuthentication());
        }
        return new InquireVaultingRequest(id, ((InquireVaulting) a).getMerchantAccountId());
    }

    /** The inquiry that resolves an unknown outcome of this command. */
    public static InquireVaultingRequest inquiryFor(VaultCommand c) {
        String account = c.getAction() instanceof VaultPaymentMethod v ? v.getMerchantAccountId()
                : c.getAction() instanceof InquireVaulting i ? i.getMerchantAccountId() : null;
        return new InquireVaultingRequest(c.getVaultingRequestId(), account);
    }

    static byte[] aad(String vaultingRequestId) {
        return (vaultingRequestId == null ? "" : vaultingRequestId).getBytes(StandardCharsets.UTF_8);
    }

    private static String fill(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
