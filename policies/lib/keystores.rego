# elasticsearch.keystore and kibana.keystore evidence: whether the entries
# are known, which entries a keystore holds, and why one was not read.
package essec.lib.keystores

import data.essec.lib

# readable: the keystore exists and essec decrypted its entry list.
readable(o) if {
	o.keystore.present
	o.keystore.decrypted
}

# has is true when the keystore of o holds the entry name.
has(o, name) if {
	readable(o)
	some e in o.keystore.entries
	e == name
}

# absent: the collector looked and found no keystore file.
absent(o) if {
	o.keystore.present == false
	object.get(o.keystore, "error", "") == ""
}

# known: the entry names are known (readable, or no keystore at all).
default known(_) := false

known(o) if readable(o)

known(o) if absent(o)

# locked: a keystore exists but its entries could not be decrypted.
default locked(_) := false

locked(o) if {
	ks := object.get(o, "keystore", null)
	is_object(ks)
	ks.present == true
	not ks.decrypted == true
}

# examined: essec looked for the keystore file (a compose service gets an
# empty keystore record without a path: the container's was not read).
default examined(_) := false

examined(o) if {
	ks := object.get(o, "keystore", null)
	is_object(ks)
	object.get(ks, "path", "") != ""
}

examined(o) if o.keystore.present == true

# unread_reason says why a component's keystore was not examined: inside a
# compose service's container, or a config directory essec could not read.
unread_reason(o) := "it lives inside the container of a docker-compose service; run essec on the container's config directory (or mount it) to examine it" if {
	object.get(o, "compose", null) != null
} else := "run essec where the config directory is readable"

# gap explains why a keystore's entries are not known.
gap(o) := sprintf("the keystore was not read (%s)", [unread_reason(o)]) if {
	object.get(o, "keystore", null) == null
} else := locked_reason(o)

# locked_reason explains why an existing keystore's entries are not known.
locked_reason(o) := sprintf("%s is password-protected: set ESSEC_KEYSTORE_PASSWORD", [name(o)]) if {
	o.keystore.password_protected == true
	not o.keystore.decrypted == true
} else := sprintf("%s could not be read: %s", [name(o), o.keystore.error]) if {
	object.get(o.keystore, "error", "") != ""
} else := sprintf("%s could not be decrypted", [name(o)]) if {
	o.keystore.present == true
} else := sprintf("%s could not be read", [name(o)])

# name is the keystore's file name, for messages.
name(o) := lib.base(o.keystore.path) if {
	object.get(o.keystore, "path", "") != ""
} else := "the keystore"

resource(o) := {"kind": "keystore", "name": o.name, "file": object.get(object.get(o, "keystore", {}), "path", "")} if {
	is_object(object.get(o, "keystore", null))
} else := {"kind": "keystore", "name": o.name, "file": ""}

# password_may_hide: the keystore of o was not read (not collected, or locked),
# so a secure_password setting may be in it.
default password_may_hide(_) := false

password_may_hide(o) if locked(o)

password_may_hide(o) if not is_object(object.get(o, "keystore", null))
