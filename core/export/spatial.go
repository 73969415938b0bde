package export

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/core/model"
)

// morphAttrs are the attributes of Brian2's Morphology: a section of one
// of these names cannot be reached as morphology.name, only as
// morphology['name'].
var morphAttrs = set("area children coordinates coordinates_ copy_section " +
	"diameter distance end_diameter end_distance end_x end_x_ end_y end_y_ " +
	"end_z end_z_ from_file from_points from_swc_file generate_coordinates " +
	"indices length n parent r_length_1 r_length_2 start_diameter start_x " +
	"start_x_ start_y start_y_ start_z start_z_ topology total_compartments " +
	"total_sections type volume x x_ y y_ z z_")

// spatialAttrs are the attributes of Brian2's SpatialNeuron and
// SpatialSubgroup: a section of one of these names cannot be reached as
// neuron.name.
var spatialAttrs = set("active add_attribute add_dependency " +
	"add_to_magic_network after_run assign_id before_run check_variable_write " +
	"clock code_objects codeobj_class contained_objects custom_operation " +
	"diffusion_state_updater equations event_codes events flat_morphology " +
	"get_states id indices invalidates_magic_network method_choice morphology " +
	"name namespace order resetter resolve_all run run_on_event run_regularly " +
	"runner set_event_schedule set_states source spatialneuron_attribute " +
	"spatialneuron_segment spikes start state state_updater stop " +
	"subexpression_updater thresholder updaters user_equations variables when " +
	"main N i t dt")

// spatial is what the script knows of a spatial neuron's morphology.
type spatial struct {
	v, morph string
	// paths are the Python paths of the sections from the morphology, as
	// lists of section names from the root's children down.
	paths map[string][]string
	root  string
}

func (e *exporter) spatialNeuron(s *model.Spatial) {
	v, b := e.vars[s.Name.Text], s.Name.Text
	e.section(fmt.Sprintf("[[spatial]] '%s': its morphology, then the SpatialNeuron.", s.Name.Text))
	sp := &spatial{v: v, morph: e.names.claim(b+"_morphology", b+"_morpho"), paths: map[string][]string{}}
	if s.SWC.IsSet() {
		e.swc(s, sp)
	} else {
		for k, sec := range s.Sections {
			name := sec.Name.Text
			if k == 0 {
				sp.root = name
				sp.paths[name] = nil
				ctor := e.sectionCtor(sec)
				e.call(sp.morph, ctor[0], ctor[1:]...)
				continue
			}
			p := append(append([]string(nil), sp.paths[sec.Parent.Text]...), name)
			sp.paths[name] = p
			ctor := e.sectionCtor(sec)
			e.call(sp.morph+e.morphPath(p), ctor[0], ctor[1:]...)
		}
	}
	eqs := e.names.claim(b+"_eqs", b+"_model")
	e.modelVars[s.Name.Text] = eqs
	e.w("%s = %s", eqs, e.modelString(s.Model.Text))
	args := []string{sp.morph, eqs}
	if s.Cm.IsSet() {
		args = append(args, "Cm="+e.quantity(s.Cm))
	}
	if s.Ri.IsSet() {
		args = append(args, "Ri="+e.quantity(s.Ri))
	}
	if s.Method.IsSet() {
		args = append(args, "method="+pyStr(s.Method.Text))
	}
	if strings.TrimSpace(s.Threshold.Text) != "" {
		args = append(args, "threshold="+e.code(s.Threshold.Text, b+"_threshold"))
	}
	if strings.TrimSpace(s.Reset.Text) != "" {
		args = append(args, "reset="+e.code(s.Reset.Text, b+"_reset"))
	}
	if s.Refractory.IsSet() {
		args = append(args, "refractory="+e.codeOrQuantity(s.Refractory))
	}
	args = append(args, "name="+pyStr(s.Name.Text))
	e.call(v, e.b2("SpatialNeuron"), args...)
	e.inits(v, s.Init)
	for _, op := range s.Set {
		e.spatialSet(s, sp, op)
	}
}

// swc writes a morphology read from an SWC file.
func (e *exporter) swc(s *model.Spatial, sp *spatial) {
	in := e.in
	if e.opt.ReadFile == nil {
		if !e.hereDone {
			e.hereDone = true
			e.w("%s = %s.path.dirname(%s.path.abspath(__file__))", in["here"], in["os"], in["os"])
		}
		e.w("%s = %s.from_file(%s.path.join(%s, %s))", sp.morph, e.b2("Morphology"), in["os"], in["here"], pyStr(s.SWC.Text))
		return
	}
	data, err := e.opt.ReadFile(s.SWC.Text)
	if err != nil {
		e.errs = append(e.errs, model.Errorf(s.SWC.Pos, "cannot read the morphology: %v", err))
		return
	}
	e.usesTempfile = true
	text := e.names.claim(s.Name.Text+"_swc", s.Name.Text+"_swc_text")
	file := e.names.claim("swc_file")
	e.raw(wrapComment("", "The SWC file "+s.SWC.Text+", which Brian2 reads from a file."))
	e.w("%s = %s", text, pyBlock(string(data)))
	e.w("with %s.NamedTemporaryFile('w', suffix='.swc', delete=False) as %s:", in["tempfile"], file)
	e.w("    %s.write(%s)", file, text)
	e.w("%s = %s.from_file(%s.name)", sp.morph, e.b2("Morphology"), file)
	e.w("%s.remove(%s.name)", in["os"], file)
}

// morphPath writes the path of a section from the morphology's root:
// .dend.sub, or ['name'] where a name is also an attribute of Morphology.
func (e *exporter) morphPath(p []string) string {
	var b strings.Builder
	for _, n := range p {
		if morphAttrs[n] || !pyName(n) || strings.HasPrefix(n, "_") {
			b.WriteString("[" + pyStr(n) + "]")
		} else {
			b.WriteString("." + n)
		}
	}
	return b.String()
}

// sectionCtor writes the constructor of a section: its function, then its
// arguments.
func (e *exporter) sectionCtor(sec *model.Section) []string {
	fn := map[string]string{"soma": "Soma", "cylinder": "Cylinder", "section": "Section"}[sec.Type.Text]
	out := []string{e.b2(fn)}
	if sec.Diameter.IsSet() {
		out = append(out, "diameter="+e.lengths(sec.Diameter))
	}
	if sec.Type.Text != "soma" {
		if sec.Length.IsSet() {
			out = append(out, "length="+e.lengths(sec.Length))
		}
		if sec.N.IsSet() {
			out = append(out, "n="+e.integer(sec.N))
		}
	}
	for _, c := range []struct {
		key string
		l   model.Lengths
	}{{"x", sec.X}, {"y", sec.Y}, {"z", sec.Z}} {
		if c.l.IsSet() {
			out = append(out, c.key+"="+e.lengths(c.l))
		}
	}
	return out
}

var numTimesUnit = regexp.MustCompile(`^([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*\*\s*([A-Za-z_][A-Za-z_0-9]*)$`)

// lengths writes one length, or an array of them: [1, 0.8, 0.5]*um when
// each is a number times the same unit, else Quantity([...]).
func (e *exporter) lengths(l model.Lengths) string {
	if !l.Array {
		if len(l.Values) == 0 {
			return "None"
		}
		return e.quantity(l.Values[0])
	}
	var nums []string
	unit := ""
	for _, q := range l.Values {
		m := numTimesUnit.FindStringSubmatch(strings.TrimSpace(q.Src.Text))
		if m == nil || unit != "" && m[2] != unit || e.isConst(m[2]) || !isUnit(m[2]) {
			nums = nil
			break
		}
		unit = m[2]
		nums = append(nums, m[1])
	}
	if nums != nil && len(nums) == len(l.Values) {
		return "[" + strings.Join(nums, ", ") + "]*" + e.unit(unit)
	}
	items := make([]string, len(l.Values))
	for k, q := range l.Values {
		items[k] = e.quantity(q)
	}
	return e.b2("Quantity") + "([" + strings.Join(items, ", ") + "])"
}

// spatialSet writes a [[spatial.set]]: neuron.var = value on all the
// compartments, on one section (neuron.dend.main, the section without the
// sections that hang from it), on one compartment (of the neuron, or of the
// section), and only where a condition holds (neuron.var['distance >
// 100*um'] = value).
func (e *exporter) spatialSet(s *model.Spatial, sp *spatial, op *model.SetOp) {
	target := sp.v
	if op.Section.IsSet() {
		target = e.sectionOf(s, sp, op.Section.Text)
	}
	if op.Index.IsSet() {
		target += "[" + e.integer(op.Index) + "]"
	}
	target += "." + op.Var.Text
	if c := strings.TrimSpace(op.Where.Text); c != "" {
		target += "[" + pyStr(strings.Join(strings.Fields(c), " ")) + "]"
	}
	e.w("%s = %s", target, e.value(op.Value))
}

// sectionOf writes the compartments of one section of a spatial neuron.
func (e *exporter) sectionOf(s *model.Spatial, sp *spatial, name string) string {
	if !s.SWC.IsSet() && name == sp.root {
		return sp.v + ".main"
	}
	p, ok := sp.paths[name]
	if s.SWC.IsSet() || !ok {
		// A section of an SWC file: Brian2 names the root's children after
		// their type (soma, axon, dend, apic).
		p = []string{name}
	}
	safe := true
	for _, n := range p {
		if spatialAttrs[n] || !pyName(n) || strings.HasPrefix(n, "_") {
			safe = false
		}
	}
	if safe {
		return sp.v + "." + strings.Join(p, ".") + ".main"
	}
	// A Morphology as an index selects its section's own compartments.
	return sp.v + "[" + sp.morph + e.morphPath(p) + "]"
}

// quoteInts writes a list of integers.
func quoteInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}
