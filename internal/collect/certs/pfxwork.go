package certs

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
)

// checkPFXWork refuses a PKCS#12 file whose visible iteration counts (MAC,
// encrypted contents, shrouded keys in plain contents) are out of range,
// before go-pkcs12, which bounds none, spends minutes on a crafted file.
func checkPFXWork(data []byte) error {
	var p pfxPDU
	if _, err := asn1.Unmarshal(data, &p); err != nil {
		return nil // not parseable: the readers reject it themselves
	}
	if p.MacData.Iterations < 0 || p.MacData.Iterations > maxIterations {
		return unsupportedError(fmt.Sprintf("PKCS#12 MAC iteration count %d out of range", p.MacData.Iterations))
	}
	var safe []byte
	if _, err := asn1.Unmarshal(p.AuthSafe.Content.Bytes, &safe); err != nil {
		return nil
	}
	var infos []pfxContentInfo
	if _, err := asn1.Unmarshal(safe, &infos); err != nil {
		return nil
	}
	for _, ci := range infos {
		var algs []pkix.AlgorithmIdentifier
		switch {
		case ci.ContentType.Equal(oidEncryptedData):
			var ed pfxEncryptedData
			if _, err := asn1.Unmarshal(ci.Content.Bytes, &ed); err == nil {
				algs = append(algs, ed.Info.Algorithm)
			}
		case ci.ContentType.Equal(oidData):
			algs = shroudedKeyAlgorithms(ci)
		}
		for _, a := range algs {
			if n := pbeIterations(a); n < 0 || n > maxIterations {
				return unsupportedError(fmt.Sprintf("PKCS#12 encryption iteration count %d out of range", n))
			}
		}
	}
	return nil
}

// shroudedKeyAlgorithms lists the encryption algorithms of the shrouded
// keys in a plain data content.
func shroudedKeyAlgorithms(ci pfxContentInfo) []pkix.AlgorithmIdentifier {
	var plain []byte
	var bags []pfxSafeBag
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &plain); err != nil {
		return nil
	}
	if _, err := asn1.Unmarshal(plain, &bags); err != nil {
		return nil
	}
	var out []pkix.AlgorithmIdentifier
	for _, b := range bags {
		var info encryptedPrivateKeyInfo
		if b.ID.Equal(oidShroudedKey) {
			if _, err := asn1.Unmarshal(b.Value.Bytes, &info); err == nil {
				out = append(out, info.Algorithm)
			}
		}
	}
	return out
}

// pbeIterations returns the iteration count of a PBES2 or PKCS#12 PBE
// algorithm, 0 when it has none or cannot be read.
func pbeIterations(alg pkix.AlgorithmIdentifier) int {
	if alg.Algorithm.Equal(oidPBES2) {
		var p pbes2Params
		var kp pbkdf2Params
		if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &p); err != nil {
			return 0
		}
		if _, err := asn1.Unmarshal(p.KDF.Parameters.FullBytes, &kp); err != nil {
			return 0
		}
		return kp.Iterations
	}
	var p pbeParams
	if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &p); err != nil {
		return 0
	}
	return p.Iterations
}
