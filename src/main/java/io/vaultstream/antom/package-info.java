/**
 * Everything vaultstream knows about Antom's vaulting protocol: request signing and answer and
 * notification verification ({@link io.vaultstream.antom.AntomSigner},
 * {@link io.vaultstream.antom.NotificationVerifier}), key loading, request/response models and
 * their validation, the asynchronous {@link io.vaultstream.antom.AntomClient}, and the one
 * classifier ({@link io.vaultstream.antom.AntomClassifier}) that decides what an answer means.
 */
package io.vaultstream.antom;
