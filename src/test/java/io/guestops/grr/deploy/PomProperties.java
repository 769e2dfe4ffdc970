package io.guestops.grr.deploy;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A property of the project's pom.xml, read as written (no interpolation): the image settings the manifests must agree with. */
final class PomProperties {

    private PomProperties() {
    }

    static String get(String name) {
        Node properties = project().getElementsByTagName("properties").item(0);
        for (Node child = properties.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (name.equals(child.getNodeName())) {
                return child.getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no property " + name);
    }

    private static Element project() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile()).getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("cannot read pom.xml", e);
        }
    }
}
