// Package agentsim plays the endpoint agents. In the real product, OPTICS
// commands (InstaQueries, focus views, lockdown, file retrieval, package
// executions) are carried out by the agents of the targeted devices.
// wolfden computes a command's progress on a device from when it was
// issued, the device's availability and the clock, so that it needs no
// background worker, reads the same on every replica, and a test drives it
// by moving its clock. The package also holds what the agents observe
// (artifacts) and the OPTICS packages they run.
package agentsim
