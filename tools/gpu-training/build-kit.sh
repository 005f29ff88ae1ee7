#!/usr/bin/env bash
# Builds .devkit/ (git-ignored, about 28 MB): what a GPU machine without Java needs to run ttsvar's own
# trainers on its PyTorch. Run from the repository root after `mvn -B install -DskipTests`:
#   bash tools/gpu-training/build-kit.sh DJL_GIT
# DJL_GIT is a clone of github.com/deepjavalibrary/djl (bare or not) holding the tag of the DJL version in
# pom.xml: DJL publishes no JNI for other PyTorch versions, so run.sh compiles DJL's JNI sources on the
# machine against its own PyTorch. Nothing of DJL is committed here; the kit is rebuilt when needed.
set -euo pipefail
DJL_GIT=${1:?usage: build-kit.sh DJL_GIT (a clone of deepjavalibrary/djl)}
ROOT=$(pwd); K=$ROOT/.devkit; TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -f "$ROOT/ttsvar-cli/target/classpath.txt" ] || { echo "build first: mvn -B install -DskipTests" >&2; exit 2; }
DJL_VERSION=$(sed -n 's|.*<djl.version>\(.*\)</djl.version>.*|\1|p' "$ROOT/pom.xml")
git -C "$DJL_GIT" rev-parse -q --verify "v$DJL_VERSION^{commit}" >/dev/null || { echo "$DJL_GIT has no tag v$DJL_VERSION" >&2; exit 2; }
rm -rf "$K"; mkdir -p "$K/lib" "$K/jnisrc/src" "$K/jnisrc/include/djl" "$K/jnisrc/jdk"
CP=$(cat "$ROOT/ttsvar-cli/target/classpath.txt")

# 1. A Java runtime with only the modules ttsvar uses (jdeps), stripped and xz-compressed (about 16 MB).
jlink --add-modules java.base,java.desktop,java.management,java.sql,java.logging,java.naming,jdk.unsupported,java.xml,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=0 --output "$TMP/jre0"
strip --strip-unneeded "$TMP/jre0/lib/server/libjvm.so"
tar -C "$TMP" -cf - jre0 | xz -9e -T2 > "$K/jre0.tar.xz"

# 2. The jars, less the CPU PyTorch (110 MB; the machine has its own), the JNI jar (rebuilt there) and the
#    PDF libraries the trainers never load; the models jar without its embedded weights (run.sh points
#    ttsvar.weights at the repository's weights/, which travels with the working tree).
for j in $(tr ':' '\n' <<< "$CP"); do
  case $j in *pytorch-native-cpu*|*pytorch-jni*|*pdfbox*|*fontbox*|*VectorGraphics*|*graphics2d*) ;; *) cp "$j" "$K/lib/" ;; esac
done
cp "$ROOT"/ttsvar-cli/target/ttsvar-cli-*.jar "$K/lib/"
zip -q -d "$K"/lib/ttsvar-models-*.jar 'org/ttsvar/weights/*'
mkdir -p "$TMP/props/native/lib"
printf 'version=2.7.1-20250812\nflavor=cu128\nclassifier=linux-x86_64\nlibraries=libtorch.so\n' > "$TMP/props/native/lib/pytorch.properties"
(cd "$TMP/props" && zip -q -r "$K/lib/pytorch-gpu-props.jar" native)

# 3. DJL's JNI sources at the pinned tag, its generated JNI header, and the JDK's jni.h, for run.sh to compile.
git -C "$DJL_GIT" archive "v$DJL_VERSION" engines/pytorch/pytorch-native/src/main/native engines/pytorch/pytorch-engine/src/main/java \
  api/src/main/native/djl/utils.h | tar -x -C "$TMP"
cp "$TMP"/engines/pytorch/pytorch-native/src/main/native/* "$K/jnisrc/src/"
cp "$TMP/api/src/main/native/djl/utils.h" "$K/jnisrc/include/djl/"
API_CP=$(tr ':' '\n' <<< "$CP" | grep -E '/(api|slf4j-api|gson|jna)-[0-9]' | paste -sd:)
javac -sourcepath "$TMP/engines/pytorch/pytorch-engine/src/main/java" -cp "$API_CP" -h "$K/jnisrc/include" -d "$TMP/classes" \
  "$TMP/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
JDK=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
cp "$JDK/include/jni.h" "$JDK/include/linux/jni_md.h" "$K/jnisrc/jdk/"

# 4. The device check.
javac --release 17 -cp "$API_CP" -d "$TMP/smoke" "$ROOT/tools/gpu-training/GpuSmoke.java"
jar cf "$K/lib/gpusmoke.jar" -C "$TMP/smoke" .
du -sh "$K"
