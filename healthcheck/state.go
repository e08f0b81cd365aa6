package healthcheck

// State is a state of the healthcheck machine.
type State int

// The states of ExaBGP's healthcheck.
const (
	Init     State = iota // before the first check
	Disabled              // the disable file exists
	Rising                // checks pass, not yet Rise of them
	Falling               // checks fail, not yet Fall of them
	Up                    // the service is up
	Down                  // the service is down
	Exit                  // stopping: the routes are withdrawn
	End                   // stopping after --interval 0: routes stay
)

var stateNames = [...]string{"INIT", "DISABLED", "RISING", "FALLING", "UP", "DOWN", "EXIT", "END"}

// String is the state's name as ExaBGP spells it (also $STATE of the
// execute hooks).
func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "UNKNOWN"
}

// Machine counts successive check results into a state.
type Machine struct {
	Rise, Fall int
	state      State
	checks     int
}

// NewMachine returns a machine in state Init.
func NewMachine(rise, fall int) *Machine { return &Machine{Rise: rise, Fall: fall} }

// State is the current state.
func (m *Machine) State() State { return m.state }

// Step feeds one iteration: whether the disable file exists and whether
// the check passed (ignored when disabled). It returns the state after
// the iteration and whether the iteration triggered a transition (the
// execute hooks run then). With --rise 1 (--fall 1) RISING (FALLING) is
// skipped for UP (DOWN); leaving DISABLED goes through INIT.
func (m *Machine) Step(disabled, ok bool) (State, bool) {
	ok = ok || disabled
	trigger := func(to State) (State, bool) {
		if to == Rising && m.Rise <= 1 {
			to = Up
		} else if to == Falling && m.Fall <= 1 {
			to = Down
		}
		m.state = to
		return to, true
	}
	switch {
	case m.state != Disabled && disabled:
		return trigger(Disabled)
	case m.state == Init:
		if ok && m.Rise <= 1 {
			return trigger(Up)
		}
		m.checks = 1
		if ok {
			return trigger(Rising)
		}
		return trigger(Falling)
	case m.state == Disabled:
		if !disabled {
			return trigger(Init)
		}
	case m.state == Rising:
		if ok {
			m.checks++
			if m.checks >= m.Rise {
				return trigger(Up)
			}
		} else {
			m.checks = 1
			return trigger(Falling)
		}
	case m.state == Falling:
		if !ok {
			m.checks++
			if m.checks >= m.Fall {
				return trigger(Down)
			}
		} else {
			m.checks = 1
			return trigger(Rising)
		}
	case m.state == Up:
		if !ok {
			m.checks = 1
			return trigger(Falling)
		}
	case m.state == Down:
		if ok {
			m.checks = 1
			return trigger(Rising)
		}
	}
	return m.state, false
}
