#!/usr/bin/env python3
"""Derive rules/duis-schema.txt from the DUIS and MMC XML Schemas (../shared/reference).

The output is sec-rules' own derived data (like rules/srv.toml): a compact, line-based table
of the schemas' simple types (flattened to a built-in type plus facets), complex types,
content-model particles and global elements. build.rs compiles it into Rust tables; the
module carries no XSD parser and no XSD text. Run it when the reference schemas change and
commit the result; `--check` compares instead of writing (the drift test uses it).

Every construct the two schemas use is supported; any other one stops the generator with
the schema file and line. Supported: schema (targetNamespace, elementFormDefault qualified),
import, annotation/documentation (ignored), element (global, local, ref; type, anonymous
simpleType/complexType, minOccurs, maxOccurs, default), complexType (named, anonymous,
abstract), sequence, choice (with occurrence bounds), complexContent/extension,
simpleContent/extension, attribute (type or anonymous simpleType, use, default), simpleType
by restriction of a built-in or named type, with the facets enumeration, minInclusive,
maxInclusive, minExclusive, maxExclusive, length, minLength, maxLength, totalDigits,
fractionDigits and pattern. ds:Signature (xmldsig) is checked by the signature rules, not
here: it is written as a lax particle.
"""
import hashlib
import pathlib
import sys
import xml.parsers.expat

XS = "http://www.w3.org/2001/XMLSchema"
DS = "http://www.w3.org/2000/09/xmldsig#"
PREFIX = {
    "http://www.dccinterface.co.uk/ServiceUserGateway": "sr",
    "http://www.dccinterface.co.uk/ResponseAndAlert": "ra",
    DS: "ds",
}
BUILTINS = {
    "string", "token", "normalizedString", "boolean", "decimal", "integer", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "dateTime", "date", "time",
    "hexBinary", "base64Binary",
}
FACETS = {
    "enumeration", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "length",
    "minLength", "maxLength", "totalDigits", "fractionDigits", "pattern",
}
FILES = ["DUIS Schema V5.4.xsd", "MMC Schema V5.4.xsd"]


class Fail(Exception):
    pass


class Node:
    def __init__(self, tag, attrs, line, file, nsmap):
        self.tag, self.attrs, self.line, self.file, self.nsmap = tag, attrs, line, file, nsmap
        self.children = []

    def where(self):
        return f"{self.file}:{self.line}"

    def fail(self, msg):
        raise Fail(f"{self.where()}: {msg}")

    def kids(self):
        return [c for c in self.children if c.tag not in ("annotation",)]

    def qname(self, attr):
        v = self.attrs[attr]
        prefix, _, local = v.rpartition(":")
        uri = self.nsmap.get(prefix)
        if uri is None:
            self.fail(f"undeclared prefix in {attr}=\"{v}\"")
        return uri, local


def parse(path, name):
    p = xml.parsers.expat.ParserCreate()
    stack, root = [], None
    nsmaps = [{}]

    def start(tag, attrs):
        nonlocal root
        ns = dict(nsmaps[-1])
        plain = {}
        for k, v in attrs.items():
            if k == "xmlns":
                ns[""] = v
            elif k.startswith("xmlns:"):
                ns[k[6:]] = v
            else:
                plain[k] = v
        nsmaps.append(ns)
        prefix, _, local = tag.rpartition(":")
        if ns.get(prefix) != XS:
            raise Fail(f"{name}:{p.CurrentLineNumber}: element {tag} is not in the XML Schema namespace")
        n = Node(local, plain, p.CurrentLineNumber, name, ns)
        if stack:
            stack[-1].children.append(n)
        else:
            root = n
        stack.append(n)

    def end(tag):
        stack.pop()
        nsmaps.pop()

    p.StartElementHandler, p.EndElementHandler = start, end
    p.Parse(path.read_bytes(), True)
    return root


def esc(s):
    out = []
    for ch in s:
        if ch in " %|,:\n\r\t=" or ord(ch) < 32:
            out.append("%%%02X" % ord(ch))
        else:
            out.append(ch)
    return "".join(out) or "%"


class Gen:
    def __init__(self, schemas):
        self.schemas = schemas  # (target ns, root Node)
        self.simple_named, self.complex_named, self.elements = {}, {}, {}
        for tns, root in schemas:
            if root.tag != "schema":
                root.fail("the root is not xs:schema")
            if root.attrs.get("elementFormDefault") != "qualified":
                root.fail("only elementFormDefault=\"qualified\" is supported")
            for a in root.attrs:
                if a not in ("targetNamespace", "elementFormDefault"):
                    root.fail(f"unsupported schema attribute {a}")
            for n in root.kids():
                if n.tag == "simpleType":
                    self.simple_named[(tns, n.attrs["name"])] = n
                elif n.tag == "complexType":
                    self.complex_named[(tns, n.attrs["name"])] = n
                elif n.tag == "element":
                    self.elements[(tns, n.attrs["name"])] = n
                elif n.tag == "import":
                    pass
                else:
                    n.fail(f"unsupported top-level construct xs:{n.tag}")
        self.simple_out, self.simple_ids = [], {}
        self.complex_out, self.complex_ids = [], {}
        self.particles = []
        self.flat = {}

    # ---- simple types: flattened to (builtin, facets)
    def flatten_ref(self, node, attr):
        uri, local = node.qname(attr)
        if uri == XS:
            if local not in BUILTINS:
                node.fail(f"unsupported built-in type xs:{local}")
            return (local, ())
        key = (uri, local)
        if key not in self.simple_named:
            node.fail(f"{attr}=\"{node.attrs[attr]}\" is not a simple type of these schemas")
        return self.flatten(self.simple_named[key], key)

    def flatten(self, st, key=None):
        if key is not None and key in self.flat:
            return self.flat[key]
        kids = st.kids()
        if len(kids) != 1 or kids[0].tag != "restriction":
            st.fail("a simpleType must be one xs:restriction (list and union are not supported)")
        r = kids[0]
        if "base" in r.attrs:
            builtin, base_facets = self.flatten_ref(r, "base")
            inner = [k for k in r.kids() if k.tag not in FACETS]
            if inner:
                inner[0].fail(f"unsupported xs:{inner[0].tag} inside a restriction")
        else:
            inner = [k for k in r.kids() if k.tag == "simpleType"]
            if len(inner) != 1:
                r.fail("a restriction needs a base or one anonymous simpleType")
            builtin, base_facets = self.flatten(inner[0])
        facets = dict((k, v) for k, v in base_facets if k != "pattern")
        patterns = [v for k, v in base_facets if k == "pattern"]
        own = {}
        own_patterns = []
        for f in r.kids():
            if f.tag not in FACETS:
                continue
            if set(f.attrs) - {"value"}:
                f.fail(f"unsupported attribute on xs:{f.tag}: {sorted(set(f.attrs) - {'value'})}")
            v = f.attrs["value"]
            if f.tag == "enumeration":
                own.setdefault("enumeration", []).append(v)
            elif f.tag == "pattern":
                own_patterns.append(v)
            else:
                own[f.tag] = v
        for k, v in own.items():
            facets[k] = tuple(v) if k == "enumeration" else v
        if own_patterns:
            patterns.append(tuple(own_patterns))
        out = (builtin, tuple(sorted(facets.items())) + tuple(("pattern", p) for p in patterns))
        if key is not None:
            self.flat[key] = out
        return out

    def simple_id(self, flat, name, node):
        k = (name, flat) if name != "-" else ("-", flat)
        if k not in self.simple_ids:
            sid = f"S{len(self.simple_out)}"
            self.simple_ids[k] = sid
            self.simple_out.append(None)  # the id is taken now; its base may add types after it
            self.simple_out[int(sid[1:])] = (sid, name, flat, self.simple_base(node))
        return self.simple_ids[k]

    def simple_base(self, st):
        """The type a simpleType restricts: xs:builtin, or the S-id of the named or anonymous
        simple type (xsi:type needs the derivation chain, XML Schema 1.0 cvc-elt.4.3)."""
        r = st.kids()[0]
        if "base" in r.attrs:
            uri, local = r.qname("base")
            if uri == XS:
                return f"xs:{local}"
            return self.named_simple_id((uri, local))
        inner = [k for k in r.kids() if k.tag == "simpleType"][0]
        return self.simple_id(self.flatten(inner), "-", inner)

    def named_simple_id(self, key):
        node = self.simple_named[key]
        return self.simple_id(self.flatten(node, key), f"{PREFIX[key[0]]}:{key[1]}", node)

    def type_of_simple_node(self, node):
        """The S-id (or xs:builtin) of a type attribute or anonymous simpleType."""
        if "type" in node.attrs:
            uri, local = node.qname("type")
            if uri == XS:
                if local not in BUILTINS:
                    node.fail(f"unsupported built-in type xs:{local}")
                return f"xs:{local}"
            if (uri, local) in self.simple_named:
                return self.named_simple_id((uri, local))
            return None
        st = [k for k in node.kids() if k.tag == "simpleType"]
        if st:
            return self.simple_id(self.flatten(st[0]), "-", st[0])
        return None

    # ---- complex types
    def complex_id(self, ct, name):
        key = id(ct)
        if key in self.complex_ids:
            return self.complex_ids[key]
        cid = f"C{len(self.complex_out)}"
        self.complex_ids[key] = cid
        self.complex_out.append(None)
        self.complex_out[int(cid[1:])] = (cid, name) + self.complex_body(ct)
        return cid

    def complex_named_id(self, node, attr):
        uri, local = node.qname(attr)
        if (uri, local) not in self.complex_named:
            return None
        return self.complex_id(self.complex_named[(uri, local)], f"{PREFIX[uri]}:{local}")

    def complex_body(self, ct):
        """(abstract, content, simple, attrs, base) of a complexType node, extensions flattened;
        base is the type it extends (C-id, S-id or xs:builtin), or None."""
        for a in ct.attrs:
            if a not in ("name", "abstract"):
                ct.fail(f"unsupported complexType attribute {a}")
        abstract = ct.attrs.get("abstract") == "true"
        kids = ct.kids()
        tns = self.tns_of(ct)
        if len(kids) == 1 and kids[0].tag in ("complexContent", "simpleContent"):
            cc = kids[0]
            ext = cc.kids()
            if len(ext) != 1 or ext[0].tag != "extension":
                cc.fail(f"xs:{cc.tag} must hold one xs:extension (restriction is not supported)")
            ext = ext[0]
            if cc.tag == "simpleContent":
                uri, local = ext.qname("base")
                if uri == XS or (uri, local) in self.simple_named:
                    simple = self.type_of_simple_node(Node("x", {"type": ext.attrs["base"]}, ext.line, ext.file, ext.nsmap))
                    base_attrs = []
                    base_ref = simple
                else:
                    base = self.complex_named.get((uri, local))
                    if base is None:
                        ext.fail("unknown simpleContent base")
                    _, _, simple, base_attrs, _ = self.complex_body(base)
                    base_ref = self.complex_named_id(ext, "base")
                attrs = base_attrs + self.attributes(ext.kids())
                rest = [k for k in ext.kids() if k.tag != "attribute"]
                if rest:
                    rest[0].fail(f"unsupported xs:{rest[0].tag} in a simpleContent extension")
                return (abstract, None, simple, attrs, base_ref)
            uri, local = ext.qname("base")
            base = self.complex_named.get((uri, local))
            if base is None:
                ext.fail(f"unknown complexContent base {ext.attrs['base']}")
            _, base_content, base_simple, base_attrs, _ = self.complex_body(base)
            base_ref = self.complex_named_id(ext, "base")
            if base_simple:
                ext.fail("a complexContent extension of a simple-content type is not supported")
            groups = [k for k in ext.kids() if k.tag in ("sequence", "choice")]
            others = [k for k in ext.kids() if k.tag not in ("sequence", "choice", "attribute")]
            if others or len(groups) > 1:
                (others or groups)[0].fail("unsupported content in a complexContent extension")
            own = self.particle(groups[0], tns) if groups else None
            if base_content and own:
                content = self.add(f"seq 1 1 {base_content},{own}")
            else:
                content = base_content or own
            return (abstract, content, None, base_attrs + self.attributes(ext.kids()), base_ref)
        groups = [k for k in kids if k.tag in ("sequence", "choice")]
        others = [k for k in kids if k.tag not in ("sequence", "choice", "attribute")]
        if others or len(groups) > 1:
            (others or groups)[0].fail(f"unsupported xs:{(others or groups)[0].tag} in a complexType")
        content = self.particle(groups[0], tns) if groups else None
        return (abstract, content, None, self.attributes(kids), None)

    def attributes(self, kids):
        out = []
        for a in kids:
            if a.tag != "attribute":
                continue
            for k in a.attrs:
                if k not in ("name", "type", "use", "default"):
                    a.fail(f"unsupported attribute property {k}")
            t = self.type_of_simple_node(a)
            if t is None:
                a.fail("an attribute needs a simple type")
            use = a.attrs.get("use", "optional")
            if use not in ("required", "optional"):
                a.fail(f"unsupported use=\"{use}\"")
            d = a.attrs.get("default")
            t = t[3:] if t.startswith("xs:") else t
            out.append(f"{esc(a.attrs['name'])}:{t}:{'req' if use == 'required' else 'opt'}" + (f":{esc(d)}" if d is not None else ""))
        return out

    def tns_of(self, node):
        for tns, root in self.schemas:
            if root.file == node.file:
                return tns
        node.fail("no schema")

    def occurs(self, n):
        lo = n.attrs.get("minOccurs", "1")
        hi = n.attrs.get("maxOccurs", "1")
        if not lo.isdigit() or not (hi.isdigit() or hi == "unbounded"):
            n.fail("bad minOccurs/maxOccurs")
        return lo, ("u" if hi == "unbounded" else hi)

    def add(self, line):
        pid = f"P{len(self.particles)}"
        self.particles.append(f"{pid} {line}")
        return pid

    def particle(self, n, tns):
        lo, hi = self.occurs(n)
        if n.tag in ("sequence", "choice"):
            for a in n.attrs:
                if a not in ("minOccurs", "maxOccurs"):
                    n.fail(f"unsupported attribute {a} on xs:{n.tag}")
            kids = []
            for k in n.kids():
                if k.tag not in ("element", "sequence", "choice"):
                    k.fail(f"unsupported xs:{k.tag} in xs:{n.tag}")
                kids.append(self.particle(k, tns))
            return self.add(f"{'seq' if n.tag == 'sequence' else 'choice'} {lo} {hi} {','.join(kids) if kids else '-'}")
        if n.tag != "element":
            n.fail(f"unsupported particle xs:{n.tag}")
        for a in n.attrs:
            if a not in ("name", "type", "ref", "minOccurs", "maxOccurs", "default"):
                n.fail(f"unsupported element property {a}")
        if "ref" in n.attrs:
            uri, local = n.qname("ref")
            if uri == DS:
                return self.add(f"el {local} ds lax {lo} {hi}")
            g = self.elements.get((uri, local))
            if g is None:
                n.fail(f"ref=\"{n.attrs['ref']}\" names no global element")
            return self.add(f"el {local} {PREFIX[uri]} {self.element_type(g)} {lo} {hi}")
        t = self.element_type(n)
        d = n.attrs.get("default")
        return self.add(f"el {esc(n.attrs['name'])} {PREFIX[tns]} {t} {lo} {hi}" + (f" default={esc(d)}" if d is not None else ""))

    def element_type(self, n):
        if "type" in n.attrs:
            uri, local = n.qname("type")
            if uri == XS or (uri, local) in self.simple_named:
                return self.type_of_simple_node(n)
            cid = self.complex_named_id(n, "type")
            if cid is None:
                n.fail(f"type=\"{n.attrs['type']}\" is not a type of these schemas")
            if self.complex_out[int(cid[1:])] and self.complex_out[int(cid[1:])][2]:
                n.fail("an element of an abstract type is not supported (it needs xsi:type)")
            return cid
        anon = [k for k in n.kids() if k.tag in ("complexType", "simpleType")]
        if not anon:
            n.fail("an element without a type (xs:anyType) is not supported")
        if anon[0].tag == "simpleType":
            return self.simple_id(self.flatten(anon[0]), "-", anon[0])
        return self.complex_id(anon[0], "-")

    def run(self):
        globals_ = []
        for (tns, name), n in sorted(self.elements.items(), key=lambda kv: (kv[1].file, kv[1].line)):
            globals_.append(f"E {name} {PREFIX[tns]} {self.element_type(n)}")
        # named types not reached from any element are still emitted (they are part of the schema)
        for key, ct in sorted(self.complex_named.items(), key=lambda kv: (kv[1].file, kv[1].line)):
            self.complex_id(ct, f"{PREFIX[key[0]]}:{key[1]}")
        return globals_


def emit(gen, globals_, hashes):
    lines = [
        "# sec-rules: the DUIS 5.4 and MMC 5.4 XML Schemas as tables (derived data; see scripts/derive-schema.py).",
        "# Generated — do not edit. build.rs compiles it; tests/derived_data.rs regenerates and compares.",
    ]
    lines += [f"# from {f} sha256 {h}" for f, h in hashes]
    lines += [f"ns {p} {u}" for u, p in PREFIX.items()]
    for sid, name, (builtin, facets), base in gen.simple_out:
        parts = [sid, esc(name), builtin, f"base={base}"]
        for k, v in facets:
            if k == "enumeration":
                parts.append("enum=" + "|".join(esc(x) for x in v))
            elif k == "pattern":
                parts.append("pattern=" + "|".join(esc(x) for x in v))
            else:
                parts.append(f"{k}={esc(v)}")
        lines.append(" ".join(parts))
    for cid, name, abstract, content, simple, attrs, base in gen.complex_out:
        parts = [cid, esc(name)]
        if abstract:
            parts.append("abstract")
        if base:
            parts.append(f"base={base}")
        if simple:
            parts.append(f"simple={simple}")
        parts.append(f"content={content or '-'}")
        if attrs:
            parts.append("attrs=" + ",".join(attrs))
        lines.append(" ".join(parts))
    lines += gen.particles
    lines += globals_
    return "\n".join(lines) + "\n"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check = "--check" in sys.argv
    ref = pathlib.Path(args[0] if args else "../shared/reference")
    out = pathlib.Path(args[1] if len(args) > 1 else "rules/duis-schema.txt")
    schemas, hashes = [], []
    try:
        for f in FILES:
            path = ref / f
            root = parse(path, f)
            schemas.append((root.attrs["targetNamespace"], root))
            hashes.append((f, hashlib.sha256(path.read_bytes()).hexdigest()))
        gen = Gen(schemas)
        text = emit(gen, gen.run(), hashes)
    except Fail as e:
        sys.exit(f"derive-schema: {e}")
    if check:
        if out.read_text() != text:
            sys.exit(f"derive-schema: {out} differs from what the reference schemas give; run scripts/derive-schema.py")
        print(f"derive-schema: {out} is up to date")
        return
    out.write_text(text)
    print(f"wrote {out}: {len(gen.simple_out)} simple types, {len(gen.complex_out)} complex types, {len(gen.particles)} particles, {len(text)} bytes")


if __name__ == "__main__":
    main()
