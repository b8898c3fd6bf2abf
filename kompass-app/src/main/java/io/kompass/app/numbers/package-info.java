/**
 * The one way pages and the API get numbers: {@link io.kompass.app.numbers.Numbers} applies the
 * {@link io.kompass.app.numbers.QueryPolicy} (a rep never receives another rep's individual
 * numbers) and caches results per query and {@link io.kompass.app.numbers.DataVersion}.
 */
package io.kompass.app.numbers;
