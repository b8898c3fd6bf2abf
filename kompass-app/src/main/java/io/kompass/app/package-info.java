/**
 * Kompass as a program: the {@code kompass} command line and the web application, in one jar.
 * Each subpackage is a feature with its commands, controllers and templates; this package holds
 * what they share (workspace options, progress display, starting the web server).
 */
package io.kompass.app;
