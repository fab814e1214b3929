package lamb.runtime;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The function's class path as Lambda builds it: the code's root (classes, and a jar's contents as the zip unpacked
 * them), the jars in its {@code lib/}, then the layers' {@code java/lib/} jars. Its parent is the class loader of the
 * runtime, so the {@code com.amazonaws.services.lambda.runtime} interfaces are the runtime's own even when the
 * function's jar bundles a copy.
 */
final class FunctionClassPath {
    private FunctionClassPath() {}

    static URLClassLoader loader(String taskRoot, String optDirectory) {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(new File(taskRoot).toURI().toURL());
            addJars(new File(taskRoot, "lib"), urls);
            addJars(new File(optDirectory, "java/lib"), urls);
        } catch (MalformedURLException impossible) {
            throw new IllegalStateException(impossible);
        }
        return new URLClassLoader(urls.toArray(new URL[0]), FunctionClassPath.class.getClassLoader());
    }

    /** The jars in {@code directory}, in name order (the order a directory lists them in is the file system's). */
    private static void addJars(File directory, List<URL> urls) throws MalformedURLException {
        File[] files = directory.listFiles((dir, name) -> name.endsWith(".jar"));
        if (files == null) return;
        Arrays.sort(files);
        for (File jar : files) urls.add(jar.toURI().toURL());
    }
}
