import org.ttsvar.models.embedded.EmbeddedModels;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.SearchSpec;
import org.ttsvar.search.Strategy;
import org.ttsvar.search.TtsVar;
// The search overhead in one warm process: TTS-VAR N = 8 on the embedded models, default and --narrow-above none, four calls each (docs/search-defaults.md).
public class WarmOverhead {
  public static void main(String[] a) throws Exception {
    try (EmbeddedModels models = EmbeddedModels.load()) {
      for (String narrow : new String[] {"default", "none"}) {
        SearchSpec spec = SearchSpec.of(Strategy.TTSVAR, 8);
        if (narrow.equals("none")) spec = spec.withNarrowAbove(SearchSpec.NO_NARROWING);
        TtsVar t = spec.build(models);
        for (int i = 0; i < 4; i++) {
          SearchResult r = t.generate("a photo of two stars", i);
          System.out.println(narrow + " " + i + " " + r.stats());
        }
      }
    }
  }
}
