package units

// Units as quantities, for building values in Go code without strings:
// units.Q(-65, units.MilliVolt) or units.MilliVolt.Scale(-65).
var (
	Metre        = Quantity{1, DimLength}
	Meter        = Metre
	CentiMetre   = Quantity{1e-2, DimLength}
	MilliMetre   = Quantity{1e-3, DimLength}
	MicroMetre   = Quantity{1e-6, DimLength}
	Kilogram     = Quantity{1, DimMass}
	Gram         = Quantity{1e-3, DimMass}
	Second       = Quantity{1, DimTime}
	MilliSecond  = Quantity{1e-3, DimTime}
	MicroSecond  = Quantity{1e-6, DimTime}
	Amp          = Quantity{1, DimCurrent}
	MilliAmp     = Quantity{1e-3, DimCurrent}
	MicroAmp     = Quantity{1e-6, DimCurrent}
	NanoAmp      = Quantity{1e-9, DimCurrent}
	PicoAmp      = Quantity{1e-12, DimCurrent}
	Kelvin       = Quantity{1, DimTemperature}
	Mole         = Quantity{1, DimAmount}
	Candle       = Quantity{1, DimLuminosity}
	Volt         = Quantity{1, DimVoltage}
	MilliVolt    = Quantity{1e-3, DimVoltage}
	MicroVolt    = Quantity{1e-6, DimVoltage}
	Siemens      = Quantity{1, DimConductance}
	MilliSiemens = Quantity{1e-3, DimConductance}
	MicroSiemens = Quantity{1e-6, DimConductance}
	NanoSiemens  = Quantity{1e-9, DimConductance}
	Farad        = Quantity{1, DimCapacitance}
	MicroFarad   = Quantity{1e-6, DimCapacitance}
	NanoFarad    = Quantity{1e-9, DimCapacitance}
	PicoFarad    = Quantity{1e-12, DimCapacitance}
	Ohm          = Quantity{1, DimResistance}
	KiloOhm      = Quantity{1e3, DimResistance}
	MegaOhm      = Quantity{1e6, DimResistance}
	Hertz        = Quantity{1, DimFrequency}
	KiloHertz    = Quantity{1e3, DimFrequency}
	Coulomb      = Quantity{1, Dim{Time: 2, Current: 2}}
	Molar        = Quantity{1e3, Dim{Length: -6, Amount: 2}}
	MilliMolar   = Quantity{1, Dim{Length: -6, Amount: 2}}
	MicroMolar   = Quantity{1e-3, Dim{Length: -6, Amount: 2}}
)
