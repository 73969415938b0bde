// Package spatial owns the cable equation of a SpatialNeuron and its tree
// solver: given a morphology (package morph), the specific membrane
// capacitance and the intracellular resistivity, it advances the membrane
// potential of every compartment by one time step with Brian2's implicit
// scheme, in time proportional to the number of compartments and with no
// allocation. What flows across the membrane is the caller's: the layer
// above evaluates the model's Im (channels, synapses) and hands it over
// linearised in v, as Brian2 does.
//
// # The equations
//
// A neuron is a tree of sections, each a chain of compartments (Brian2's
// order: depth first, a section's compartments consecutive). Compartment i
// has the membrane area A_i, the specific capacitance Cm_i and the potential
// v_i; the membrane current density, linearised around the present state,
// is Im_i = I0_i - gtot_i*v_i (Brian2 obtains gtot = -dIm/dv and
// I0 = Im + gtot*v from the model's Im symbolically; the caller does the
// same, for any channel model); I_i is the point current (A) injected into
// it. Backward Euler for the cable equation is
//
//	A_i*Cm_i*(v_i' - v_i)/dt = A_i*(I0_i - gtot_i*v_i') + I_i + sum_j g_ij*(u_j' - v_i')
//
// where v' is the potential after the step and the sum runs over the axial
// neighbours u_j of compartment i, joined to it by the conductances g_ij,
// all evaluated at the new potentials. With the intracellular resistivity
// Ri and Brian2's geometric terms r_length_1 (compartment start to midpoint)
// and r_length_2 (midpoint to end), r_length = pi*d²/(2*l) for a cylinder,
// pi/2*d1*dm/l and pi/2*dm*d2/l for a truncated cone, 1 m for a soma:
//
//   - two consecutive compartments of a section are joined by
//     g = 1/(Ri*(1/r_length_2[i-1] + 1/r_length_1[i])) (Brian2's _invr);
//   - where sections meet, the end of the parent section is a node without
//     membrane (Brian2's unknowns _B): the parent's last compartment is
//     joined to it by r_length_2[last]/Ri (_invrn), and the first
//     compartment of each child by r_length_1[first]/Ri (_invr0); the node
//     obeys Kirchhoff's law, sum_j g_j*(u_j' - V_node') = 0;
//   - the start of the root section and the ends of the leaves are sealed:
//     no current crosses them (Brian2 gives them nodes too, whose equations
//     make their potential that of their compartment, so that no current
//     flows in the half-compartment that joins them).
//
// A soma is one isopotential compartment whose r_length of 1 m stands for
// a negligible axial resistance (Ri/(1 m)) between its centre and its
// surface, where the sections attached to it start. Point currents may be
// given to Step apart, or divided by the area and folded into I0, which is
// what Brian2 does with "(point current)" variables.
//
// # The solver
//
// The system above is a tree: compartments and section-end nodes are its
// vertices, the axial conductances its edges. Step eliminates it from the
// leaves to the root in one pass, as Hines's method does: sections in
// reverse order, each from its last compartment to its first (in Brian2's
// depth-first order, every descendant of an unknown comes after it). When
// its turn comes, an unknown x is joined only to its neighbour p on the
// root side, by g; its row reads (s+g)*x - g*p = b, where s is its
// conductance to ground (A*(Cm/dt + gtot), or 0 for a node) plus what its
// eliminated children left, and b its right-hand side
// (A*(Cm/dt*v + I0) + I plus the children's). So x = q + e*p with
// e = g/(s+g), q = b/(s+g), and p receives s*g/(s+g) into its own s (s and
// g in series) and b*e into its b. The root's first compartment has no
// neighbour on the root side (g = 0) and is solved outright; a second pass
// from the root to the leaves substitutes x = q + e*p. That is one
// division, a few multiplications and additions per unknown, and no
// subtraction in the elimination at all, so nothing cancels: Step is exact
// to rounding (within 5e-15 V of a 128-bit solution over whole runs) even
// where conductances differ by eight orders of magnitude, as a soma's 1/Ri
// and a thin dendrite's do.
//
// Brian2 solves the same equations another way (its template
// spatialstateupdate): per section, three tridiagonal systems (the
// particular solution and the responses to a unit potential at either end),
// then a small system for the node potentials, coupled over the tree. The
// results are the same equations' solution, but Brian2's loses digits at a
// soma: it divides the soma's axial conductance 1/Ri by the soma's area,
// which puts 2e8 S/m² beside Cm/dt = 400 F/m²/s on the diagonal, and its
// results carry rounding errors of up to 2e-9 V (3e-8 of v) after 2000
// steps of the tests' cells. The tests show it: a line-by-line
// transcription of Brian2's template reproduces Brian2's numbers to 2e-15
// V, differs from the exact solution by those 2e-9 V, and agrees with Step
// to 1e-14 V on trees without a soma; Step itself agrees with Brian2 to
// 2e-9 V, with NEURON 8.2 (same discretisation, same soma resistance) to
// 6e-13 V, and with cable theory within its discretisation error.
//
// The arithmetic is plain IEEE additions, multiplications and divisions,
// written so that no multiplication can be fused into an addition (see
// package fmath), so a run gives the same bits on every GOARCH, WebAssembly
// included.
//
// # Compartments of length zero
//
// Two equal consecutive points in an SWC file make a compartment of length
// zero, whose r_length terms are infinite. Within a section that leaves the
// conductances to its neighbours finite (those of the neighbours' halves),
// and Step simulates it: Brian2 does too, when the compartment's area (the
// flat cone between two diameters) is not zero; if the area is zero too,
// Brian2's run fails (it divides by the area), where Step treats the
// compartment as a point without membrane. At a sealed end (the start of the root, the end of a leaf) an
// infinite r_length does not matter either. New refuses the rest, with an
// error naming the compartment: a compartment of length zero at the start
// of a section that has a parent, at the end of one that has children, or
// next to another of length zero would be joined to its neighbour with no
// resistance at all.
//
// # What else
//
// CapacitiveCurrent gives Brian2's Ic = Cm*(v' - v)/dt of the last step;
// AxialCurrent the current along the neurite into each compartment from the
// root side. Cm can change between steps (SetCm), as can dt; Ri is fixed,
// as in Brian2, where it can only be set before the first run.
package spatial
