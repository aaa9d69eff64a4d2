# File modes and owners of configuration, keystore and key material files.
package essec.lib.files

# valid_mode: an octal permission string such as "0660".
valid_mode(mode) if regex.match(`^[0-7]{3,6}$`, mode)

# digit is the permission digit at pos from the end of a valid mode: 1
# others, 2 group, 3 owner.
digit(mode, pos) := to_number(substring(mode, count(mode) - pos, 1))

other_reads(mode) if bits.and(digit(mode, 1), 4) != 0

other_writes(mode) if bits.and(digit(mode, 1), 2) != 0

group_reads(mode) if bits.and(digit(mode, 2), 4) != 0

group_writes(mode) if bits.and(digit(mode, 2), 2) != 0

# other_access: the mode grants any permission to others.
other_access(mode) if {
	count(mode) > 0
	substring(mode, count(mode) - 1, 1) != "0"
}

# repository: the audited files are a checkout or copy, not the deployed
# configuration (context.file_location "repository"), so their modes and
# owners say nothing about the host.
repository if object.get(object.get(input, "context", {}), "file_location", "host") == "repository"
