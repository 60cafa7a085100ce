package dev.aigate.cli;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** A throwaway RSA key in both PEM forms GitHub users meet, and a JWT checker. */
final class TestKeys {

    static final KeyPair PAIR;

    static {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            PAIR = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestKeys() {
    }

    static String pkcs8Pem() {
        return pem("PRIVATE KEY", PAIR.getPrivate().getEncoded());
    }

    /** GitHub's format: the RSAPrivateKey inside the PKCS#8 envelope (26 header bytes for a 2048-bit key). */
    static String pkcs1Pem() {
        byte[] pkcs8 = PAIR.getPrivate().getEncoded();
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length));
    }

    static Claims verify(String authorization) {
        String jwt = authorization.substring("Bearer ".length());
        return Jwts.parser().verifyWith(PAIR.getPublic()).build().parseSignedClaims(jwt).getPayload();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
