package etc_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/exago/exago/config"
)

// k8sObject is the part of a manifest the test checks.
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name      string `yaml:"name"`
		Namespace string `yaml:"namespace"`
	} `yaml:"metadata"`
	Data map[string]string `yaml:"data"`
	Spec struct {
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Template struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec podSpec `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type podSpec struct {
	HostNetwork    bool        `yaml:"hostNetwork"`
	InitContainers []container `yaml:"initContainers"`
	Containers     []container `yaml:"containers"`
	Volumes        []struct {
		Name      string `yaml:"name"`
		ConfigMap *struct {
			Name string `yaml:"name"`
		} `yaml:"configMap"`
	} `yaml:"volumes"`
}

type container struct {
	Name            string   `yaml:"name"`
	Image           string   `yaml:"image"`
	Command         []string `yaml:"command"`
	SecurityContext struct {
		Capabilities struct {
			Add  []string `yaml:"add"`
			Drop []string `yaml:"drop"`
		} `yaml:"capabilities"`
	} `yaml:"securityContext"`
	Ports []struct {
		ContainerPort int `yaml:"containerPort"`
	} `yaml:"ports"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

func TestKubernetesDaemonSet(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("kubernetes", "exago-daemonset.yaml"))
	require.NoError(t, err)
	objs := map[string]k8sObject{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var o k8sObject
		err := dec.Decode(&o)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		require.NotEmpty(t, o.Kind)
		require.NotEmpty(t, o.APIVersion)
		objs[o.Kind] = o
	}
	require.Contains(t, objs, "DaemonSet")
	require.Contains(t, objs, "ConfigMap")

	ds := objs["DaemonSet"]
	assert.Equal(t, "apps/v1", ds.APIVersion)
	for k, v := range ds.Spec.Selector.MatchLabels {
		assert.Equal(t, v, ds.Spec.Template.Metadata.Labels[k], "the selector matches the pods")
	}
	pod := ds.Spec.Template.Spec
	assert.True(t, pod.HostNetwork, "BGP from the node's address, anycast on the node's loopback")
	require.Len(t, pod.Containers, 1)
	c := pod.Containers[0]
	assert.Equal(t, []string{"/usr/bin/exago", "server", "--env", "/etc/exago/exabgp.env", "/etc/exago/exago.conf"}, c.Command)
	assert.ElementsMatch(t, []string{"NET_BIND_SERVICE", "NET_ADMIN"}, c.SecurityContext.Capabilities.Add)
	assert.Equal(t, []string{"ALL"}, c.SecurityContext.Capabilities.Drop)

	// the ConfigMap the pods mount is the one shipped
	cm := objs["ConfigMap"]
	found := false
	for _, v := range pod.Volumes {
		if v.ConfigMap != nil {
			assert.Equal(t, cm.Metadata.Name, v.ConfigMap.Name)
			found = true
		}
	}
	assert.True(t, found, "a volume mounts the ConfigMap")
	require.Len(t, pod.InitContainers, 1)
	assert.Contains(t, strings.Join(pod.InitContainers[0].Command, " "), "NODE_IP")

	// the configuration, rendered for one node, is valid and runs the
	// healthcheck helper
	tmpl := cm.Data["exago.conf.in"]
	require.Contains(t, tmpl, "NODE_IP")
	assert.Contains(t, tmpl, "exago healthcheck --cmd ")
	assert.Contains(t, tmpl, " --ip 192.0.2.10/32")
	dir := t.TempDir()
	conf := filepath.Join(dir, "exago.conf")
	require.NoError(t, os.WriteFile(conf, []byte(strings.ReplaceAll(tmpl, "NODE_IP", "10.0.0.5")), 0o644))
	cfg, err := config.Load(conf)
	require.NoError(t, err, config.FormatError(err))
	require.Len(t, cfg.Neighbors, 1)
	assert.Equal(t, "10.0.0.5", cfg.Neighbors[0].LocalAddress.String())
	require.Len(t, cfg.Processes, 1)

	// the settings open the metrics endpoint on the port the pod declares
	envFile := filepath.Join(dir, "exabgp.env")
	require.NoError(t, os.WriteFile(envFile, []byte(cm.Data["exabgp.env"]), 0o644))
	env, err := config.LoadEnv(nil, envFile)
	require.NoError(t, err)
	assert.Empty(t, env.Unknown)
	require.NotEmpty(t, c.Ports)
	assert.True(t, strings.HasSuffix(env.MetricsAddress, ":9179"))
	assert.Equal(t, 9179, c.Ports[0].ContainerPort)
}
