/**
 * Card-field encryption: a JSON keyring of AES-256 keys ({@link io.vaultstream.crypto.CardKeyring}; the primary
 * key encrypts, every key decrypts, so keys rotate and retired keys can be destroyed to shred old data) and
 * AES-256-GCM sealing bound to associated data ({@link io.vaultstream.crypto.CardCipher}). Errors name files,
 * fields and key ids, never key bytes or plaintext.
 */
package io.vaultstream.crypto;
