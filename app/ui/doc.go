// Package ui is the app's screen and what it does, in plain Go: the
// Controller (a loaded model's session, its run states, the per-frame
// step budget, the speed, the live sliders, the exports) and the View
// (the layout for any window size, the control bar, banner, figure,
// sliders and status line, drawn through render.Canvas, and the pointer
// and key input that drives the Controller; over a morphology panel the
// pointer picks, pins, pans, turns and zooms the neuron, see morph.go).
//
// It imports no Ebiten, so its tests run anywhere, drawing into an image
// with render.ImageCanvas; package app connects it to Ebiten (the game
// loop, input devices, the ebitenr canvas) for the browser and the
// desktop. docs/app.md describes the app for its users.
package ui
