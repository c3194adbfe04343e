// Package pipeline wires the importer, the planner and the report writers
// into the main job of smartplan: read every input file, plan every target,
// write the reports atomically. It holds no domain logic of its own; the
// commands `plan` and `batch` both call Run.
package pipeline
