// Package morph owns the shape of neurons: morphologies as trees of
// sections, the geometry of their compartments, and SWC files. It follows
// Brian2's morphology module (brian2.spatialneuron.morphology) closely
// enough that a morphology built or read here has, compartment by
// compartment, the lengths, areas, volumes, distances, diameters,
// coordinates and r_length terms Brian2 computes (the tests compare them
// with Brian2 2.5.1's own, which agree to the last bit for everything but
// generated coordinates). It knows nothing of voltages or currents: the
// cable equation and its solver belong to package spatial, which reads
// Flatten's arrays.
//
// # Building a morphology
//
// A Section is one unbranched piece: a Soma (NewSoma: a sphere, one
// compartment), a Cylinder (NewCylinder: n compartments of one diameter) or
// a Section proper (NewSection, NewSectionPoints: n truncated cones between
// n+1 diameters). Sections are attached below one another by name, which
// builds the tree:
//
//	soma := morph.Must(morph.NewSoma(30 * morph.Micrometre))
//	soma.Add("dend", morph.Must(morph.NewCylinder(100, 1000*morph.Micrometre, 1*morph.Micrometre)))
//	soma.Add("dend.branch1", branch)   // Brian2: morpho.dend.branch1 = branch
//
// All values are in SI units as plain float64: metres, m² and m³
// (Micrometre helps write them). Coordinates are optional; the points of a
// cylinder or section are relative to the end of its parent (the centre of
// a soma), as in Brian2, and GenerateCoordinates fills in coordinates where
// they are missing, as Brian2's generate_coordinates does, for drawing.
//
// # Geometry, as Brian2 defines it
//
// For a soma of diameter d: area pi*d² (the sphere), volume pi*d³/6, length
// d, r_length_1 = r_length_2 = 1 m (a negligible axial resistance). For a
// cylinder: area pi*d*l, volume pi*d²*l/4, r_length pi*d²/(2*l). For a
// truncated cone of diameters d1, d2: area pi/2*(d1+d2)*sqrt((d1-d2)²/4+l²)
// (no end discs), volume pi*l*(d1²+d1*d2+d2²)/12, midpoint diameter
// (d1+d2)/2 = dm, r_length_1 = pi/2*d1*dm/l and r_length_2 = pi/2*dm*d2/l
// (the axial conductance of each half, times the resistivity). The
// distance of a compartment is measured along the tree from the root to its
// midpoint; a soma counts as a point, so the compartments next to a root
// soma start at distance 0.
//
// # Order and names
//
// Compartments are numbered depth first: a section's compartments, then the
// tree below its first child, then below its second, and so on (Brian2's
// morpho.indices and SpatialNeuron order). Get finds a section by path
// ("dend.branch1", or Brian2's numbers and "L"/"R"), Index, At and Slice
// find compartments within a section (Brian2's morpho[i], morpho[10*um],
// morpho[10*um:20*um]), Flat.WithinDistance by distance from the root, and
// Topology prints the tree as Brian2's morpho.topology() does.
//
// # SWC files
//
// ParseSWC, ReadSWC and LoadSWC read NeuroMorpho's standard SWC files as
// Brian2's Morphology.from_swc_file does: one-point somas and NeuroMorpho's
// three-point somas become spheres, other multi-point somas chains of
// sections, and sections end at branch points and type changes. FromPoints
// is Brian2's from_points. Broken files are refused with an SWCError naming
// the line, where Brian2 sometimes accepts nonsense (zero radii) or fails
// with a Python exception. ParseSWC's documentation lists the rules and
// where they differ from Brian2 2.5.1.
//
// # Where this differs from Brian2
//
// Besides stricter checking of input (positive finite diameters and
// lengths, finite coordinates, no section attached twice or in a cycle),
// morph differs from Brian2 where Brian2 fails or returns indices outside
// the section: Slice never goes past the section's end and At(length)
// returns the last compartment (Brian2 returns the index after the section
// in both cases); GenerateCoordinates handles a root that is not a soma and
// a soma below a section (see there); Remove forgets every name of the
// removed section. A soma's StartDiameter and EndDiameter are its diameter
// (Brian2 does not define them).
//
// Arithmetic is done in Brian2's order with every product rounded on its
// own, so results are the same natively and in WebAssembly; the random
// directions of GenerateCoordinates come from numpy's Mersenne Twister,
// seeded as numpy.random.seed, so a seed gives Brian2's random morphology
// too.
package morph
