package io.guestops.grr.realcluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.guestops.grr.cli.StartedOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real API server and the Graph emulator seeded for the operator manifests/ installs
 * ({@link OperatorUnderManifests#seed()}, put back to it before each test). A test that takes an
 * {@link OperatorUnderManifests} parameter gets manifests/' RBAC installed unedited, the operator
 * not started yet; one that takes a {@link StartedOperator} gets it installed and started. Either is
 * stopped and uninstalled after the test.
 */
final class ManifestsOnRealKubernetes extends RealClusterWithGraph implements ParameterResolver {

    private OperatorUnderManifests installed;

    ManifestsOnRealKubernetes() {
        super(OperatorUnderManifests::seed, true);
    }

    /** manifests/ installed in the operator namespace {@code namespace}, its RBAC edited: the test closes it. */
    OperatorUnderManifests install(UnaryOperator<HasMetadata> editRbac, String namespace) {
        return OperatorUnderManifests.install(kube(), emulator(), editRbac, namespace);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == OperatorUnderManifests.class || type == StartedOperator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (installed == null) {
            installed = OperatorUnderManifests.install(kube(), emulator(), UnaryOperator.identity());
        }
        if (parameter.getParameter().getType() == OperatorUnderManifests.class) {
            return installed;
        }
        try {
            return installed.start();
        } catch (Exception e) {
            throw new IllegalStateException("the operator installed by manifests/ did not start", e);
        }
    }

    @Override
    void setUpTest() {
        // the installation is made when the test asks for it
    }

    @Override
    void tearDownTest() throws Exception {
        if (installed != null) {
            installed.close();
            installed = null;
        }
    }
}
