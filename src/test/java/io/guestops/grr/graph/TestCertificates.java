package io.guestops.grr.graph;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed application certificate and its key, as Entra would accept for a client credential. */
public record TestCertificates(X509Certificate certificate, KeyPair keys) {

    public static TestCertificates generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + commonName);
            var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject, keys.getPublic());
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TestCertificates(certificate, keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a test certificate", e);
        }
    }

    /** Certificate and unencrypted PKCS#8 private key in one PEM, as ClientCertificateCredential reads it. */
    public byte[] pemWithKey() {
        try {
            return (pem(certificate) + pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate()))
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot write the private key", e);
        }
    }

    public String certificatePem() {
        return pem(certificate);
    }

    private static String pem(Object object) {
        try (StringWriter text = new StringWriter(); JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
            writer.flush();
            return text.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write PEM", e);
        }
    }
}
