/**
 * Before/after comparison of KPIs between two periods, as in the guide's central table: both
 * values, the absolute and relative change, whether the change is good given the KPI's
 * direction, and whether it is distinguishable from noise.
 */
package io.kompass.engine.compare;
