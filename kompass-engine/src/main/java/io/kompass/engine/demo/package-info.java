/**
 * The demo company: a deterministic generator that fills an empty workspace with 36 months of
 * realistic sales data for a fictional B2B software vendor (teams in four regions, reps who ramp
 * up and leave, leads from channels that convert differently, seasonal deals through a staged
 * pipeline, activities, customers who reorder and churn, costs, surveys and targets), sized from a
 * few thousand to ten million deals. {@link io.kompass.engine.demo.DemoProfile} holds every
 * parameter, so tests and documentation can compare what was configured with what is measured.
 */
package io.kompass.engine.demo;
