// Package sdnotify implements systemd's readiness protocol (sd_notify(3)):
// state lines such as "READY=1" sent as one datagram to the unix socket
// named by $NOTIFY_SOCKET, which systemd sets for Type=notify services.
//
// sdnotify imports no package of the project.
package sdnotify

import (
	"fmt"
	"net"
	"strings"
)

// EnvSocket is the variable naming systemd's notification socket.
const EnvSocket = "NOTIFY_SOCKET"

// Send writes state ("READY=1", "STOPPING=1", "STATUS=...", several
// separated by newlines) to the notification socket at path. A path
// starting with "@" is in the abstract namespace. An empty path (not run
// by systemd) sends nothing and is no error.
func Send(path, state string) error {
	if path == "" {
		return nil
	}
	addr := &net.UnixAddr{Name: path, Net: "unixgram"}
	if strings.HasPrefix(path, "@") {
		addr.Name = "\x00" + path[1:]
	}
	c, err := net.DialUnix("unixgram", nil, addr)
	if err != nil {
		return fmt.Errorf("sd_notify %s: %w", path, err)
	}
	defer c.Close()
	if _, err := c.Write([]byte(state)); err != nil {
		return fmt.Errorf("sd_notify %s: %w", path, err)
	}
	return nil
}
